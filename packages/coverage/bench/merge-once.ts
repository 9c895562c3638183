// One merge in a process of its own, so its peak RSS is the merge's: prints one JSON line.
//   tsx bench/merge-once.ts <output dir> <root> <report>…
import { mergeCoverage, parseMergeCoverageOptions } from '../src/index.js';

const [outputDir = 'out', root = '.', ...files] = process.argv.slice(2);
const started = performance.now();
const cpuBefore = process.cpuUsage();
const result = await mergeCoverage(
  parseMergeCoverageOptions({ files: files.join('\n'), outputDir, root, thresholds: '' }, process.cwd()),
);
const ms = performance.now() - started;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    ms,
    cpuMs: (cpu.user + cpu.system) / 1000,
    maxRssKb: process.resourceUsage().maxRSS,
    lines: result.totals.lines,
    branches: result.totals.branches,
    files: result.files.length,
  }),
);
