#!/usr/bin/env node
// `report-bundle --junit FILE --out DIR [--title TEXT]`: in a pull_request run, writes the
// report the report workflow posts (comment.md from the JUnit totals, report.json, the JUnit
// itself) into DIR for actions/upload-artifact. merge-coverage writes its own (publish-artifact).
import { register } from 'tsx/esm/api';

register();
const { runReportBundleCli } = await import('../src/publish/report-bundle-cli.ts');
process.exitCode = await runReportBundleCli(process.argv.slice(2));
