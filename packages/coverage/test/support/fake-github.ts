// A loopback stand-in for the two GitHub services merge-coverage talks to, speaking exactly the
// calls it makes: the REST issue comments API (list with Link pagination, create, update) for
// @actions/github, and the Actions results service (Twirp ListArtifacts, GetSignedArtifactURL,
// CreateArtifact, FinalizeArtifact, plus the signed blob URLs) for @actions/artifact. And the
// REST calls of publish-report and the base-branch comparison, answered as GitHub answers them:
// run and repository artifact listings (?name= filter, Link pagination), an artifact's zip as a
// 302 to an unauthenticated blob URL, pull requests (by number, by commit, by head owner:branch),
// a branch's commits; 401 without a token, 403 for a comment write with a read-only token.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
}

export interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
}

export interface FakeArtifact {
  id: number;
  name: string;
  /** A zip archive, served from the signed URL. */
  zip: Buffer;
}

/** An artifact as the REST API lists it: with the run that uploaded it. */
export interface FakeRestArtifact {
  id: number;
  name: string;
  zip: Buffer;
  runId: number;
  headSha: string;
  headBranch: string;
  repositoryId: number;
  headRepositoryId: number;
  expired?: boolean;
  createdAt?: string;
}

export interface FakePull {
  number: number;
  state: 'open' | 'closed';
  head: { sha: string; ref: string; repo: { full_name: string; owner: { login: string } } };
  base: { ref: string; sha: string; repo: { full_name: string } };
}

export interface UploadedArtifact {
  name: string;
  blob: Buffer;
  finalized: boolean;
}

export class FakeGitHub {
  readonly requests: RecordedRequest[] = [];
  readonly comments = new Map<number, FakeComment[]>();
  readonly artifacts: FakeArtifact[] = [];
  readonly uploads: UploadedArtifact[] = [];
  /** Status to answer comment writes with instead of doing them (e.g. 403 for a fork's token). */
  refuseCommentWrites: number | undefined;
  /** Tokens GitHub gives a fork's pull_request run: reads pass, comment writes are 403. */
  readonly readOnlyTokens = new Set<string>();
  readonly restArtifacts: FakeRestArtifact[] = [];
  readonly pulls: FakePull[] = [];
  /** Commits of the default branch, newest first (GET /commits?sha= walks from the one asked). */
  readonly branchCommits: string[] = [];
  private nextCommentId = 1000;
  private server: Server | undefined;
  private blocks = new Map<string, Buffer>();

  get url(): string {
    const address = this.server?.address() as AddressInfo;
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const body = Buffer.concat(chunks);
        this.requests.push({
          method: request.method ?? '',
          path: request.url ?? '',
          authorization: request.headers.authorization,
          body: body.toString('utf8'),
        });
        try {
          this.route(request, response, body);
        } catch (error) {
          response.writeHead(500).end(String(error));
        }
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  addComment(issue: number, body: string, login = 'someone'): FakeComment {
    const comment = { id: this.nextCommentId++, body, user: { login, type: 'User' } };
    this.comments.set(issue, [...(this.comments.get(issue) ?? []), comment]);
    return comment;
  }

  /** The env a runner gives a step for the artifact service, pointing here. */
  artifactEnv(): Record<string, string> {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const token = `${encode({ alg: 'none', typ: 'JWT' })}.${encode({ scp: 'Actions.GenericRead Actions.Results:run-backend-1:job-backend-1' })}.sig`;
    return { ACTIONS_RESULTS_URL: `${this.url}/`, ACTIONS_RUNTIME_TOKEN: token };
  }

  private json(
    response: ServerResponse,
    status: number,
    value: unknown,
    headers: Record<string, string> = {},
  ) {
    response.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
  }

  private route(request: IncomingMessage, response: ServerResponse, body: Buffer) {
    const url = new URL(request.url ?? '/', this.url);
    const method = request.method ?? '';
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const update = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const rest = url.pathname.startsWith('/repos/');
    const token = request.headers.authorization?.replace(/^(Bearer|token)\s+/i, '');
    if (rest && !token) return this.json(response, 401, { message: 'Requires authentication' });
    if (rest && method !== 'GET' && token && this.readOnlyTokens.has(token))
      return this.json(response, 403, { message: 'Resource not accessible by integration' });
    if (rest && method === 'GET') {
      const handled = this.restRead(response, url);
      if (handled) return;
    }
    if (list && method === 'GET') return this.listComments(response, url, Number(list[3]));
    if (list && method === 'POST') {
      if (this.refuseCommentWrites)
        return this.json(response, this.refuseCommentWrites, {
          message: 'Resource not accessible by integration',
        });
      const comment = this.addComment(
        Number(list[3]),
        JSON.parse(body.toString('utf8')).body,
        'github-actions[bot]',
      );
      comment.user.type = 'Bot';
      return this.json(response, 201, this.commentJson(comment, Number(list[3])));
    }
    if (update && method === 'PATCH') {
      if (this.refuseCommentWrites)
        return this.json(response, this.refuseCommentWrites, {
          message: 'Resource not accessible by integration',
        });
      for (const [issue, comments] of this.comments) {
        const comment = comments.find((candidate) => candidate.id === Number(update[3]));
        if (!comment) continue;
        comment.body = JSON.parse(body.toString('utf8')).body;
        return this.json(response, 200, this.commentJson(comment, issue));
      }
      return this.json(response, 404, { message: 'Not Found' });
    }
    const twirp = /^\/twirp\/github\.actions\.results\.api\.v1\.ArtifactService\/(\w+)$/.exec(url.pathname);
    if (twirp && method === 'POST')
      return this.artifactService(response, twirp[1] ?? '', JSON.parse(body.toString('utf8')));
    const download = /^\/blob\/download\/(\d+)$/.exec(url.pathname);
    if (download && method === 'GET') {
      const artifact = this.artifacts.find((candidate) => candidate.id === Number(download[1]));
      if (!artifact) return this.json(response, 404, {});
      response
        .writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length })
        .end(artifact.zip);
      return;
    }
    const restBlob = /^\/blob\/rest\/(\d+)$/.exec(url.pathname);
    if (restBlob && method === 'GET') {
      const artifact = this.restArtifacts.find((candidate) => candidate.id === Number(restBlob[1]));
      if (!artifact) return this.json(response, 404, {});
      response
        .writeHead(200, { 'content-type': 'application/zip', 'content-length': artifact.zip.length })
        .end(artifact.zip);
      return;
    }
    const upload = /^\/blob\/upload\/(.+)$/.exec(url.pathname);
    if (upload && method === 'PUT')
      return this.blobUpload(response, url, decodeURIComponent(upload[1] ?? ''), body);
    this.json(response, 404, { message: `fake GitHub: no route for ${method} ${url.pathname}` });
  }

  private commentJson(comment: FakeComment, issue: number) {
    return { ...comment, html_url: `https://github.com/o/r/pull/${issue}#issuecomment-${comment.id}` };
  }

  private listComments(response: ServerResponse, url: URL, issue: number) {
    const all = (this.comments.get(issue) ?? []).map((comment) => this.commentJson(comment, issue));
    this.paged(response, url, all);
  }

  /** One page (per_page, default 30, at most 100) with GitHub's Link header; `wrap` for object answers. */
  private paged<T>(response: ServerResponse, url: URL, all: T[], wrap?: (items: T[]) => unknown) {
    const perPage = Math.min(100, Number(url.searchParams.get('per_page') ?? 30));
    const page = Number(url.searchParams.get('page') ?? 1);
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    const headers: Record<string, string> = {};
    if (page < pages) {
      const next = new URL(url);
      next.searchParams.set('page', String(page + 1));
      const last = new URL(url);
      last.searchParams.set('page', String(pages));
      headers.link = `<${next.href}>; rel="next", <${last.href}>; rel="last"`;
    }
    const slice = all.slice((page - 1) * perPage, page * perPage);
    this.json(response, 200, wrap ? wrap(slice) : slice, headers);
  }

  private artifactJson(artifact: FakeRestArtifact) {
    return {
      id: artifact.id,
      name: artifact.name,
      size_in_bytes: artifact.zip.length,
      expired: artifact.expired ?? false,
      created_at: artifact.createdAt ?? '2026-01-01T00:00:00Z',
      archive_download_url: `${this.url}/repos/o/r/actions/artifacts/${artifact.id}/zip`,
      workflow_run: {
        id: artifact.runId,
        repository_id: artifact.repositoryId,
        head_repository_id: artifact.headRepositoryId,
        head_branch: artifact.headBranch,
        head_sha: artifact.headSha,
      },
    };
  }

  /** The REST reads beyond comments; false when the path is none of them. */
  private restRead(response: ServerResponse, url: URL): boolean {
    const path = url.pathname.replace(/^\/repos\/[^/]+\/[^/]+/, '');
    const name = url.searchParams.get('name');
    const artifacts = (list: FakeRestArtifact[]) =>
      this.paged(
        response,
        url,
        list.filter((artifact) => name === null || artifact.name === name).map((a) => this.artifactJson(a)),
        (items) => ({ total_count: items.length, artifacts: items }),
      );
    const runArtifacts = /^\/actions\/runs\/(\d+)\/artifacts$/.exec(path);
    const zip = /^\/actions\/artifacts\/(\d+)\/zip$/.exec(path);
    const pullNumber = /^\/pulls\/(\d+)$/.exec(path);
    const commitPulls = /^\/commits\/([0-9a-f]{40})\/pulls$/.exec(path);
    if (runArtifacts) {
      const runId = Number(runArtifacts[1]);
      artifacts(this.restArtifacts.filter((artifact) => artifact.runId === runId));
      return true;
    }
    if (path === '/actions/artifacts') {
      artifacts([...this.restArtifacts].reverse());
      return true;
    }
    if (zip) {
      const id = Number(zip[1]);
      if (!this.restArtifacts.some((artifact) => artifact.id === id))
        this.json(response, 404, { message: 'Not Found' });
      else response.writeHead(302, { location: `${this.url}/blob/rest/${id}?sig=fake` }).end();
      return true;
    }
    if (pullNumber) {
      const pull = this.pulls.find((candidate) => candidate.number === Number(pullNumber[1]));
      if (pull) this.json(response, 200, pull);
      else this.json(response, 404, { message: 'Not Found' });
      return true;
    }
    if (path === '/pulls') {
      const state = url.searchParams.get('state') ?? 'open';
      const head = url.searchParams.get('head');
      this.paged(
        response,
        url,
        this.pulls.filter(
          (pull) =>
            (state === 'all' || pull.state === state) &&
            (head === null || `${pull.head.repo.owner.login}:${pull.head.ref}` === head),
        ),
      );
      return true;
    }
    if (commitPulls) {
      // As GitHub is seen to answer: the pull requests whose head branch is in this repository
      // and holds the commit; a fork's pull request is not listed.
      const sha = commitPulls[1];
      this.paged(
        response,
        url,
        this.pulls.filter(
          (pull) => pull.head.sha === sha && pull.head.repo.full_name === pull.base.repo.full_name,
        ),
      );
      return true;
    }
    if (path === '/commits') {
      const from = this.branchCommits.indexOf(url.searchParams.get('sha') ?? '');
      if (from < 0) this.json(response, 404, { message: 'No commit found for SHA' });
      else
        this.paged(
          response,
          url,
          this.branchCommits.slice(from).map((sha) => ({ sha })),
        );
      return true;
    }
    return false;
  }

  private artifactService(response: ServerResponse, method: string, request: Record<string, unknown>) {
    const ids = { workflowRunBackendId: 'run-backend-1', workflowJobRunBackendId: 'job-backend-1' };
    if (method === 'ListArtifacts') {
      // The client sends proto field names (id_filter), and an Int64Value as a plain string.
      const idFilter = (request.id_filter ?? request.idFilter) as string | undefined;
      const artifacts = this.artifacts
        .filter((artifact) => idFilter === undefined || String(artifact.id) === String(idFilter))
        .map((artifact) => ({
          ...ids,
          databaseId: String(artifact.id),
          name: artifact.name,
          size: String(artifact.zip.length),
          createdAt: '2026-01-01T00:00:00Z',
        }));
      return this.json(response, 200, { artifacts });
    }
    if (method === 'GetSignedArtifactURL') {
      const artifact = this.artifacts.find((candidate) => candidate.name === request.name);
      return this.json(response, 200, {
        signedUrl: `${this.url}/blob/download/${artifact?.id ?? 0}?sig=fake`,
      });
    }
    if (method === 'CreateArtifact') {
      const name = String(request.name);
      this.uploads.push({ name, blob: Buffer.alloc(0), finalized: false });
      return this.json(response, 200, {
        ok: true,
        signedUploadUrl: `${this.url}/blob/upload/${encodeURIComponent(name)}?sig=fake`,
      });
    }
    if (method === 'FinalizeArtifact') {
      const upload = this.uploads.find((candidate) => candidate.name === request.name);
      if (upload) upload.finalized = true;
      return this.json(response, 200, { ok: true, artifactId: '77' });
    }
    this.json(response, 404, { code: 'not_found', msg: `fake GitHub: no Twirp method ${method}` });
  }

  /** Azure block blob: PUT ?comp=block&blockid=…, then PUT ?comp=blocklist naming them; or one PUT. */
  private blobUpload(response: ServerResponse, url: URL, name: string, body: Buffer) {
    const upload = this.uploads.find((candidate) => candidate.name === name);
    const headers = {
      etag: '"0x1"',
      'last-modified': new Date().toUTCString(),
      'x-ms-request-id': 'fake',
      'x-ms-version': '2025-01-05',
    };
    const comp = url.searchParams.get('comp');
    if (comp === 'block') {
      this.blocks.set(`${name}/${url.searchParams.get('blockid')}`, body);
      response.writeHead(201, headers).end();
      return;
    }
    if (comp === 'blocklist') {
      const ids = [...body.toString('utf8').matchAll(/<(?:Latest|Committed|Uncommitted)>([^<]+)<\//g)].map(
        (match) => match[1],
      );
      if (upload)
        upload.blob = Buffer.concat(ids.map((id) => this.blocks.get(`${name}/${id}`) ?? Buffer.alloc(0)));
      response.writeHead(201, headers).end();
      return;
    }
    if (upload) upload.blob = body;
    response.writeHead(201, headers).end();
  }
}
