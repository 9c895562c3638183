// What the publish-report action needs, apart from the merge (so its bundle holds no parser,
// glob or git code: the privileged job carries as little as it can).
export { ArtifactTooLargeError, GitHubApiError, GitHubRestClient } from '../github/rest-client.js';
export { gitHubCommentsClient } from '../sticky-comment.js';
export { DEFAULT_ZIP_LIMITS, readBoundedZip, UnsafeArchiveError } from './bounded-zip.js';
export { PublishReportError, publishReport, reportMarker } from './publish-report.js';
export { DEFAULT_REPORT_ARTIFACT } from './report-bundle.js';
export { neutraliseMarkdown } from './untrusted-markdown.js';
