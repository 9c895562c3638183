// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the fixtures are workflow text, where ${{ }} is GitHub expression syntax
// One planted violation per rule, each asserted as `file:line rule`, plus the clean variant
// that must not be reported. Fixture lines are numbered in the comments beside them.
import { describe, expect, it } from 'vitest';
import { committedAdvisories, parseAdvisories } from '../../src/advisories.js';
import {
  checkWorkflow,
  checkWorkflowText,
  parseWorkflow,
  parseWriteAllowList,
  RULES,
} from '../../src/index.js';

const FILE = '.github/workflows/fixture.yml';
const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';

/** Rules some test here planted a violation of and saw reported (the last test reads it). */
const planted = new Set<string>();

/** `file:line rule` of every finding (optionally of one rule). */
function findings(text: string, rule?: string, allowList = ''): string[] {
  const found = checkWorkflowText(FILE, text, {
    writeAllowList: parseWriteAllowList(allowList, 'allow-list'),
  })
    .filter((violation) => rule === undefined || violation.rule === rule)
    .map((violation) => `${violation.file}:${violation.line} ${violation.rule}`);
  for (const finding of found) planted.add(finding.split(' ')[1] ?? '');
  return found;
}

const lines = (...text: string[]) => `${text.join('\n')}\n`;

const CLEAN = lines(
  'name: clean', // 1
  'on:', // 2
  '  pull_request:', // 3
  '  push:', // 4
  '    branches: [main]', // 5
  'permissions:', // 6
  '  contents: read', // 7
  'jobs:', // 8
  '  test:', // 9
  '    runs-on: ubuntu-latest', // 10
  '    steps:', // 11
  `      - uses: ${CHECKOUT}`, // 12
  '        with:', // 13
  '          persist-credentials: false', // 14
  '      - uses: ./actions/setup-vault', // 15
  '      - run: npm test', // 16
  '        env:', // 17
  '          TITLE: ${{ github.event.pull_request.title }}', // 18
  '          TOKEN: ${{ github.token }}', // 19
);

describe('the clean fixture', () => {
  it('breaks no rule', () => {
    expect(findings(CLEAN)).toEqual([]);
  });

  it('every rule has an id and a description', () => {
    expect(RULES.map((rule) => rule.id)).toEqual([...new Set(RULES.map((rule) => rule.id))]);
    for (const rule of RULES) expect(rule.description.length).toBeGreaterThan(10);
  });
});

describe('pull-request-target', () => {
  it('reports the trigger line', () => {
    const text = CLEAN.replace('  push:\n', '  pull_request_target:\n  push:\n');
    expect(findings(text, 'pull-request-target')).toEqual([`${FILE}:4 pull-request-target`]);
  });
  it('in the list form too', () => {
    const text = lines('on: [push, pull_request_target]', 'permissions: {}', 'jobs: {}');
    expect(findings(text, 'pull-request-target')).toEqual([`${FILE}:1 pull-request-target`]);
  });
});

describe('untrusted-checkout', () => {
  const privileged = (trigger: string, ...steps: string[]) =>
    lines(
      'on:', // 1
      `  ${trigger}:`, // 2
      'permissions:', // 3
      '  contents: read', // 4
      'jobs:', // 5
      '  build:', // 6
      '    runs-on: ubuntu-latest', // 7
      '    steps:', // 8
      ...steps, // 9…
    );

  it('pull_request_target checking out the PR head sha', () => {
    const text = privileged(
      'pull_request_target',
      `      - uses: ${CHECKOUT}`, // 9
      '        with:', // 10
      '          persist-credentials: false', // 11
      '          ref: ${{ github.event.pull_request.head.sha }}', // 12
    );
    expect(findings(text, 'untrusted-checkout')).toEqual([`${FILE}:12 untrusted-checkout`]);
  });

  it('a run: step fetching the PR head through env, and gh pr checkout', () => {
    const text = privileged(
      'pull_request_target',
      '      - run: |', // 9
      '          git fetch origin "$HEAD"', // 10
      '          git checkout FETCH_HEAD', // 11
      '        env:', // 12
      '          HEAD: ${{ github.event.pull_request.head.ref }}', // 13
      '      - run: gh pr checkout 12', // 14
    );
    expect(findings(text, 'untrusted-checkout')).toEqual([
      `${FILE}:13 untrusted-checkout`,
      `${FILE}:14 untrusted-checkout`,
    ]);
  });

  it('workflow_run is left to dangerous-triggers (one finding per line, not two)', () => {
    const text = privileged(
      'workflow_run',
      `      - uses: ${CHECKOUT}`, // 9
      '        with:', // 10
      '          ref: ${{ github.event.workflow_run.head_sha }}', // 11
      '          persist-credentials: false', // 12
    );
    // Only dangerous-triggers speaks for line 11 (persist-credentials keeps the others quiet).
    expect(findings(text)).toEqual([`${FILE}:11 dangerous-triggers`]);
  });

  it('checking out the base (no ref) is fine, and pull_request may check out anything', () => {
    const base = privileged(
      'pull_request_target',
      `      - uses: ${CHECKOUT}`,
      '        with:',
      '          persist-credentials: false',
    );
    expect(findings(base, 'untrusted-checkout')).toEqual([]);
    const pr = privileged(
      'pull_request',
      `      - uses: ${CHECKOUT}`,
      '        with:',
      '          ref: ${{ github.event.pull_request.head.sha }}',
      '          persist-credentials: false',
    );
    expect(findings(pr, 'untrusted-checkout')).toEqual([]);
  });
});

describe('expression-in-run', () => {
  it('github.event.* on its own line inside a | block', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      '      - run: |\n          echo start\n          echo "${{ github.event.pull_request.title }}"\n',
    );
    // run: | is line 16, echo start 17, the expression 18
    expect(findings(text, 'expression-in-run')).toEqual([`${FILE}:18 expression-in-run`]);
  });

  it('secrets.*, index syntax and any case', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      "      - run: echo ${{ secrets.NPM_TOKEN }}\n      - run: echo ${{ GitHub['event'].issue.title }}\n      - run: npm test\n",
    );
    expect(findings(text, 'expression-in-run')).toEqual([
      `${FILE}:16 expression-in-run`,
      `${FILE}:17 expression-in-run`,
    ]);
  });

  it('github.head_ref (a branch name anyone can choose)', () => {
    const text = CLEAN.replace('      - run: npm test\n', '      - run: git log "${{ github.head_ref }}"\n');
    expect(findings(text, 'expression-in-run')).toEqual([`${FILE}:16 expression-in-run`]);
  });

  it('harmless contexts in run:, and event data through env:, are fine', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      "      - run: echo ${{ github.sha }} ${{ steps.x.outputs.secrets }} ${{ env.TITLE }} '${{ 'secrets.X' }}'\n",
    );
    expect(findings(text, 'expression-in-run')).toEqual([]);
  });
});

describe('unpinned-action', () => {
  it('a tag, a branch and an unpinned image', () => {
    const text = CLEAN.replace(
      '      - uses: ./actions/setup-vault\n',
      '      - uses: actions/setup-node@v5\n      - uses: org/action@main\n      - uses: docker://alpine:3.20\n',
    );
    expect(findings(text, 'unpinned-action')).toEqual([
      `${FILE}:15 unpinned-action`,
      `${FILE}:16 unpinned-action`,
      `${FILE}:17 unpinned-action`,
    ]);
  });

  it('a reusable workflow by tag', () => {
    const text = lines(
      'on: push', // 1
      'permissions:', // 2
      '  contents: read', // 3
      'jobs:', // 4
      '  call:', // 5
      '    uses: org/repo/.github/workflows/build.yml@v1', // 6
      '  local:', // 7
      '    uses: ./.github/workflows/build.yml', // 8
    );
    expect(findings(text, 'unpinned-action')).toEqual([`${FILE}:6 unpinned-action`]);
  });

  it('local actions and digest-pinned images are fine', () => {
    const text = CLEAN.replace(
      '      - uses: ./actions/setup-vault\n',
      `      - uses: docker://alpine@sha256:${'a'.repeat(64)} # 3.20\n      - uses: ./actions/setup-vault\n`,
    );
    expect(findings(text)).toEqual([]);
  });
});

describe('missing-version-comment', () => {
  it('a SHA pin without the tag it pins', () => {
    const text = CLEAN.replace(CHECKOUT, CHECKOUT.replace(/ # .*/, ''));
    expect(findings(text, 'missing-version-comment')).toEqual([`${FILE}:12 missing-version-comment`]);
  });

  it('a comment on the next line, or one that is not a version, does not count', () => {
    const text = CLEAN.replace(CHECKOUT, `${CHECKOUT.replace(/ # .*/, '')} # pinned`);
    expect(findings(text, 'missing-version-comment')).toEqual([`${FILE}:12 missing-version-comment`]);
  });
});

describe('missing-permissions', () => {
  it('no top-level permissions: is reported at line 1', () => {
    const text = CLEAN.replace('permissions:\n  contents: read\n', '');
    expect(findings(text, 'missing-permissions')).toEqual([`${FILE}:1 missing-permissions`]);
  });

  it('an explicit empty set is fine', () => {
    expect(findings(CLEAN.replace('permissions:\n  contents: read\n', 'permissions: {}\n'))).toEqual([]);
  });
});

describe('excess-write-permission', () => {
  const withJobPermissions = (...scopes: string[]) =>
    CLEAN.replace(
      '    runs-on: ubuntu-latest\n',
      `    permissions:\n${scopes.map((s) => `      ${s}\n`).join('')}    runs-on: ubuntu-latest\n`,
    );
  // line 10 is now `permissions:`, the scopes follow from 11

  it('write at the top of the workflow', () => {
    expect(
      findings(CLEAN.replace('  contents: read', '  contents: write'), 'excess-write-permission'),
    ).toEqual([`${FILE}:7 excess-write-permission`]);
    expect(
      findings(
        CLEAN.replace('permissions:\n  contents: read\n', 'permissions: write-all\n'),
        'excess-write-permission',
      ),
    ).toEqual([`${FILE}:6 excess-write-permission`]);
  });

  it('a job-level write scope that is never needed (contents) even when allow-listed', () => {
    expect(() =>
      parseWriteAllowList(
        'write-permissions:\n  fixture.yml:\n    test:\n      contents: release\n',
        'allow-list',
      ),
    ).toThrow(/contents is not a write scope this policy grants; only pull-requests .* id-token/);
    expect(findings(withJobPermissions('contents: write'), 'excess-write-permission')).toEqual([
      `${FILE}:11 excess-write-permission`,
    ]);
  });

  it('pull-requests: write and id-token: write only on the jobs the allow-list names', () => {
    const text = withJobPermissions('contents: read', 'pull-requests: write', 'id-token: write');
    expect(findings(text, 'excess-write-permission')).toEqual([
      `${FILE}:12 excess-write-permission`,
      `${FILE}:13 excess-write-permission`,
    ]);
    const commentsOnly =
      'write-permissions:\n  fixture.yml:\n    test:\n      pull-requests: sticky comment\n';
    expect(findings(text, 'excess-write-permission', commentsOnly)).toEqual([
      `${FILE}:13 excess-write-permission`,
    ]);
    const both = `${commentsOnly}      id-token: OIDC exchange\n`;
    expect(findings(text, 'excess-write-permission', both)).toEqual([]);
    const otherJob = 'write-permissions:\n  fixture.yml:\n    lint:\n      pull-requests: comments\n';
    expect(findings(text, 'excess-write-permission', otherJob)).toHaveLength(2);
  });

  it('an allow-list grant needs a reason', () => {
    expect(() =>
      parseWriteAllowList('write-permissions:\n  ci.yml:\n    report:\n      pull-requests:\n', 'allow-list'),
    ).toThrow(/needs a reason/);
  });
});

describe('secrets-in-pull-request-job', () => {
  it('a secret in a step of a job that pull_request runs', () => {
    const text = CLEAN.replace('${{ github.token }}', '${{ secrets.GITHUB_TOKEN }}');
    expect(findings(text, 'secrets-in-pull-request-job')).toEqual([`${FILE}:19 secrets-in-pull-request-job`]);
  });

  it('a secret in the workflow env:', () => {
    const text = CLEAN.replace(
      'permissions:\n',
      'env:\n  NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\npermissions:\n',
    );
    expect(findings(text, 'secrets-in-pull-request-job')).toEqual([`${FILE}:7 secrets-in-pull-request-job`]);
  });

  it('a job that plainly never runs on pull_request may use secrets; a push-only workflow too', () => {
    const guarded = CLEAN.replace('${{ github.token }}', '${{ secrets.NPM_TOKEN }}').replace(
      '    runs-on: ubuntu-latest\n',
      "    if: github.event_name == 'push'\n    runs-on: ubuntu-latest\n",
    );
    expect(findings(guarded, 'secrets-in-pull-request-job')).toEqual([]);
    const either = guarded.replace("== 'push'", "== 'push' || github.event_name == 'pull_request'");
    expect(findings(either, 'secrets-in-pull-request-job')).toHaveLength(1);
    const pushOnly = CLEAN.replace('  pull_request:\n', '').replace(
      '${{ github.token }}',
      '${{ secrets.NPM_TOKEN }}',
    );
    expect(findings(pushOnly, 'secrets-in-pull-request-job')).toEqual([]);
  });
});

describe('secrets-inherit and tojson-secrets', () => {
  const caller = lines(
    'on: push', // 1
    'permissions:', // 2
    '  contents: read', // 3
    'jobs:', // 4
    '  call:', // 5
    '    uses: ./.github/workflows/release.yml', // 6
    '    secrets: inherit', // 7
    '  dump:', // 8
    '    runs-on: ubuntu-latest', // 9
    '    steps:', // 10
    '      - uses: ./actions/setup-vault', // 11
    '        with:', // 12
    '          team-secret: ${{ toJson( SECRETS ) }}', // 13
    "      - if: toJSON(secrets) != '{}'", // 14
    '        run: echo hi', // 15
  );

  it('secrets: inherit', () => {
    expect(findings(caller, 'secrets-inherit')).toEqual([`${FILE}:7 secrets-inherit`]);
  });

  it('toJson(secrets) in any case, in ${{ }} and in a bare if:', () => {
    expect(findings(caller, 'tojson-secrets')).toEqual([
      `${FILE}:13 tojson-secrets`,
      `${FILE}:14 tojson-secrets`,
    ]);
  });

  it('toJson of other contexts is fine', () => {
    expect(findings(caller.replace(/toJson\( SECRETS \)/, 'toJson(github)'), 'tojson-secrets')).toEqual([
      `${FILE}:14 tojson-secrets`,
    ]);
  });
});

describe('checkout-persists-credentials', () => {
  it('a checkout without persist-credentials', () => {
    const text = CLEAN.replace('        with:\n          persist-credentials: false\n', '');
    expect(findings(text, 'checkout-persists-credentials')).toEqual([
      `${FILE}:12 checkout-persists-credentials`,
    ]);
  });

  it('persist-credentials: true is reported on its own line', () => {
    const text = CLEAN.replace('persist-credentials: false', 'persist-credentials: true');
    expect(findings(text, 'checkout-persists-credentials')).toEqual([
      `${FILE}:14 checkout-persists-credentials`,
    ]);
  });

  it("the quoted 'false' counts as false", () => {
    expect(findings(CLEAN.replace('persist-credentials: false', "persist-credentials: 'false'"))).toEqual([]);
  });
});

describe('a file that is not YAML', () => {
  it('is one yaml-syntax finding with its line', () => {
    const text = lines('on: push', 'permissions:', '  contents: read', 'jobs:', '  a: b: c', 'x: 1');
    expect(findings(text)).toEqual([`${FILE}:5 yaml-syntax`]);
  });
});

describe('condition-always-true', () => {
  it('text around ${{ }}, and ${{ }} inside a folded block', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      [
        "      - if: ${{ github.event_name == 'push' }} && false", // 16
        '        run: echo a', // 17
        '      - if: >-', // 18
        "          ${{ github.event_name == 'push' }}", // 19
        '        run: echo b', // 20
        '      - if: >-', // 21
        "          github.event_name == 'push' &&", // 22
        "          github.ref == 'refs/heads/main'", // 23
        '        run: echo c', // 24
        "      - if: ${{ github.event_name == 'push' }}", // 25
        '        run: npm test', // 26
        '',
      ].join('\n'),
    );
    expect(findings(text, 'condition-always-true')).toEqual([
      `${FILE}:16 condition-always-true`,
      `${FILE}:18 condition-always-true`,
    ]);
  });
});

describe('pr-runs-on-self-hosted', () => {
  const job = (runsOn: string, condition?: string) =>
    lines(
      'on:', // 1
      '  pull_request:', // 2
      '  push:', // 3
      'permissions:', // 4
      '  contents: read', // 5
      'jobs:', // 6
      '  e2e:', // 7
      ...(condition ? [`    if: ${condition}`] : []), // 8 when present
      `    runs-on: ${runsOn}`, // 8, or 9 after an if:
      '    steps:',
      '      - run: npm test',
    );

  it('a self-hosted label, a label GitHub does not host, a runner group, a vars or matrix expression', () => {
    for (const runsOn of [
      '[self-hosted, vault-ci]',
      'vault-ci',
      '{ group: vault-runners }',
      '${{ fromJSON(vars.E2E_RUNS_ON || \'"ubuntu-latest"\') }}',
      '${{ matrix.runner }}',
    ]) {
      expect(findings(job(runsOn), 'pr-runs-on-self-hosted'), runsOn).toEqual([
        `${FILE}:8 pr-runs-on-self-hosted`,
      ]);
    }
  });

  it('pull_request_target reaches it too; an if: with || does not keep forks out', () => {
    const text = job(
      '[self-hosted]',
      "github.event_name == 'push' || github.event.pull_request.head.repo.full_name == github.repository",
    ).replace('  pull_request:', '  pull_request_target:');
    expect(findings(text, 'pr-runs-on-self-hosted')).toEqual([`${FILE}:9 pr-runs-on-self-hosted`]);
  });

  it('guarded: forks get a hosted runner in runs-on, or are kept out by if:, or the job never runs on PRs', () => {
    const guarded = [
      job(
        "${{ github.event_name == 'pull_request' && github.event.pull_request.head.repo.full_name != github.repository && 'ubuntu-latest' || fromJSON(vars.E2E_RUNS_ON) }}",
      ),
      job("${{ github.event.pull_request.head.repo.fork && 'ubuntu-24.04' || 'vault-ci' }}"),
      job('[self-hosted, vault-ci]', 'github.event.pull_request.head.repo.full_name == github.repository'),
      job('[self-hosted, vault-ci]', '${{ !github.event.pull_request.head.repo.fork }}'),
      job('[self-hosted, vault-ci]', "github.event_name == 'push'"),
      job('ubuntu-latest'),
      job('[ubuntu-24.04-arm]'),
      job('[self-hosted]').replace('  pull_request:\n', ''),
    ];
    for (const text of guarded) expect(findings(text, 'pr-runs-on-self-hosted'), text).toEqual([]);
  });

  it("a hosted runner picked for the repository's own branches, not for forks, is no guard", () => {
    const text = job(
      "${{ github.event.pull_request.head.repo.full_name == github.repository && 'ubuntu-latest' || 'vault-ci' }}",
    );
    expect(findings(text, 'pr-runs-on-self-hosted')).toEqual([`${FILE}:8 pr-runs-on-self-hosted`]);
  });
});

// ---- The parity rules of issue #18 (zizmor / poutine) ----

/** A one-job workflow on `trigger`; its steps start at line 9. */
const oneJob = (trigger: string, ...steps: string[]) =>
  lines(
    'on:', // 1
    `  ${trigger}:`, // 2
    'permissions:', // 3
    '  contents: read', // 4
    'jobs:', // 5
    '  build:', // 6
    '    runs-on: ubuntu-latest', // 7
    '    steps:', // 8
    ...steps, // 9…
  );

const sha = (digit: string) => digit.repeat(40);

describe('dangerous-triggers', () => {
  it("workflow_run checking out the triggering run's head (ref or repository)", () => {
    const text = oneJob(
      'workflow_run',
      `      - uses: ${CHECKOUT}`, // 9
      '        with:', // 10
      '          ref: ${{ github.event.workflow_run.head_sha }}', // 11
      '          persist-credentials: false', // 12
      `      - uses: ${CHECKOUT}`, // 13
      '        with:', // 14
      '          repository: ${{ github.event.workflow_run.head_repository.full_name }}', // 15
      '          persist-credentials: false', // 16
    );
    expect(findings(text, 'dangerous-triggers')).toEqual([
      `${FILE}:11 dangerous-triggers`,
      `${FILE}:15 dangerous-triggers`,
    ]);
  });

  it('a run: step fetching the head through env, and gh pr checkout', () => {
    const text = oneJob(
      'workflow_run',
      '      - run: |', // 9
      '          git fetch origin "$HEAD"', // 10
      '          git checkout FETCH_HEAD', // 11
      '        env:', // 12
      '          HEAD: ${{ github.event.workflow_run.head_branch }}', // 13
      '      - run: gh pr checkout 12', // 14
    );
    expect(findings(text, 'dangerous-triggers')).toEqual([
      `${FILE}:13 dangerous-triggers`,
      `${FILE}:14 dangerous-triggers`,
    ]);
  });

  it('running code after downloading an artifact into the workspace or into the folder it runs from', () => {
    const text = oneJob(
      'workflow_run',
      `      - uses: actions/download-artifact@${sha('d')} # v5.0.0`, // 9
      '        with:', // 10
      '          name: build-output', // 11
      '      - run: npm ci', // 12
    );
    expect(findings(text, 'dangerous-triggers')).toEqual([`${FILE}:12 dangerous-triggers`]);
    const intoFolder = oneJob(
      'workflow_run',
      '      - run: gh run download "$RUN" -n report -D "$RUNNER_TEMP/report"', // 9
      '        env:', // 10
      '          RUN: ${{ github.event.workflow_run.id }}', // 11
      '          GH_TOKEN: ${{ github.token }}', // 12
      '      - run: bash "${RUNNER_TEMP}/report/post.sh"', // 13
      '      - run: node scripts/summarise.mjs', // 14
    );
    expect(findings(intoFolder, 'dangerous-triggers')).toEqual([`${FILE}:13 dangerous-triggers`]);
  });

  it('the allowed shape: download through the API, read it as data, comment (and other triggers)', () => {
    const comment = lines(
      'name: pr comment', // 1
      'on:', // 2
      '  workflow_run:', // 3
      '    workflows: [ci]', // 4
      '    types: [completed]', // 5
      'permissions:', // 6
      '  contents: read', // 7
      'jobs:', // 8
      '  comment:', // 9
      "    if: github.event.workflow_run.event == 'pull_request'", // 10
      '    runs-on: ubuntu-latest', // 11
      '    steps:', // 12
      `      - uses: actions/github-script@${sha('a')} # v7.0.1`, // 13
      '        with:', // 14
      '          script: |', // 15
      '            const { data } = await github.rest.actions.listWorkflowRunArtifacts({ ...context.repo, run_id: context.payload.workflow_run.id });', // 16
      "            const zip = await github.rest.actions.downloadArtifact({ ...context.repo, artifact_id: data.artifacts[0].id, archive_format: 'zip' });", // 17
      "            require('fs').writeFileSync(`${process.env.RUNNER_TEMP}/comment.zip`, Buffer.from(zip.data));", // 18
      '      - run: unzip -d "$RUNNER_TEMP/comment" "$RUNNER_TEMP/comment.zip"', // 19
      '      - run: gh pr comment "$PR" --body-file "$RUNNER_TEMP/comment/comment.md"', // 20
      '        env:', // 21
      '          GH_TOKEN: ${{ github.token }}', // 22
      '          PR: ${{ github.event.workflow_run.pull_requests[0].number }}', // 23
    );
    expect(findings(comment)).toEqual([]);
    const pushCheckout = oneJob(
      'push',
      `      - uses: ${CHECKOUT}`,
      '        with:',
      '          ref: ${{ github.event.workflow_run.head_sha }}',
      '          persist-credentials: false',
    );
    expect(findings(pushCheckout, 'dangerous-triggers')).toEqual([]);
  });
});

describe('github-env', () => {
  it('event text into GITHUB_ENV / GITHUB_PATH, directly, through env:, in a heredoc, and an output read back in run:', () => {
    const text = oneJob(
      'pull_request',
      '      - run: echo "TITLE=${{ github.event.pull_request.title }}" >> "$GITHUB_ENV"', // 9
      '      - run: echo "$BRANCH" >> $GITHUB_PATH', // 10
      '        env:', // 11
      '          BRANCH: ${{ github.head_ref }}', // 12
      '      - id: meta', // 13
      '        run: echo "title=$TITLE" >> "$GITHUB_OUTPUT"', // 14
      '        env:', // 15
      '          TITLE: ${{ github.event.issue.title }}', // 16
      '      - run: echo "${{ steps.meta.outputs.title }}"', // 17
      '      - run: |', // 18
      '          cat >> "$GITHUB_ENV" <<EOF', // 19
      '          NAME=${COMMENT}', // 20
      '          EOF', // 21
      '        env:', // 22
      '          COMMENT: ${{ github.event.comment.body }}', // 23
    );
    expect(findings(text, 'github-env')).toEqual([
      `${FILE}:9 github-env`,
      `${FILE}:10 github-env`,
      `${FILE}:17 github-env`,
      `${FILE}:20 github-env`,
    ]);
  });

  it('numbers, hashes and constants may be written; event text may be read through env:', () => {
    const text = oneJob(
      'pull_request',
      '      - run: echo "SHA=${{ github.event.pull_request.head.sha }}" >> "$GITHUB_ENV"',
      '      - run: echo "NUMBER=$PR" >> "$GITHUB_ENV"',
      '        env:',
      '          PR: ${{ github.event.pull_request.number }}',
      '      - run: echo MODE=ci >> "$GITHUB_ENV"',
      '      - id: meta',
      '        run: echo "title=$TITLE" >> "$GITHUB_OUTPUT"',
      '        env:',
      '          TITLE: ${{ github.event.pull_request.title }}',
      '      - run: echo "$SEEN"',
      '        env:',
      '          SEEN: ${{ steps.meta.outputs.title }}',
    );
    expect(findings(text, 'github-env')).toEqual([]);
  });
});

describe('unpinned-images', () => {
  const images = (container: string, postgres: string) =>
    lines(
      'on: push', // 1
      'permissions:', // 2
      '  contents: read', // 3
      'jobs:', // 4
      '  test:', // 5
      '    runs-on: ubuntu-latest', // 6
      `    container: ${container}`, // 7
      '    services:', // 8
      '      postgres:', // 9
      `        image: ${postgres}`, // 10
      `      redis: redis@sha256:${'a'.repeat(64)}`, // 11
      '    steps:', // 12
      '      - run: npm test', // 13
    );

  it('a container and a service by tag, and an image from an expression', () => {
    expect(findings(images('node:20', 'postgres:16'), 'unpinned-images')).toEqual([
      `${FILE}:7 unpinned-images`,
      `${FILE}:10 unpinned-images`,
    ]);
    expect(findings(images('{ image: "${{ matrix.image }}" }', 'postgres'), 'unpinned-images')).toEqual([
      `${FILE}:7 unpinned-images`,
      `${FILE}:10 unpinned-images`,
    ]);
  });

  it('digest pins are fine', () => {
    const digest = `@sha256:${'b'.repeat(64)}`;
    expect(findings(images(`{ image: node${digest} }`, `postgres${digest}`))).toEqual([]);
  });
});

describe('cache-poisoning', () => {
  const release = (...setup: string[]) =>
    lines(
      'on:', // 1
      '  push:', // 2
      "    tags: ['v*']", // 3
      'permissions:', // 4
      '  contents: read', // 5
      'jobs:', // 6
      '  release:', // 7
      '    runs-on: ubuntu-latest', // 8
      '    steps:', // 9
      ...setup, // 10…
    );

  it('a tag-push workflow restoring caches (setup-node cache:, setup-vault by default, actions/cache)', () => {
    const text = release(
      '      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0', // 10
      '        with:', // 11
      '          cache: npm', // 12
      '      - uses: ./actions/setup-vault', // 13
      `      - uses: actions/cache@${sha('c')} # v4.2.0`, // 14
      '        with:', // 15
      '          path: ~/.npm', // 16
      '          key: npm', // 17
    );
    expect(findings(text, 'cache-poisoning')).toEqual([
      `${FILE}:12 cache-poisoning`,
      `${FILE}:13 cache-poisoning`,
      `${FILE}:14 cache-poisoning`,
    ]);
  });

  it('a job that publishes on push to main; the test job beside it may cache', () => {
    const text = lines(
      'on:', // 1
      '  push:', // 2
      '    branches: [main]', // 3
      'permissions:', // 4
      '  contents: read', // 5
      'jobs:', // 6
      '  test:', // 7
      '    runs-on: ubuntu-latest', // 8
      '    steps:', // 9
      '      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0', // 10
      '        with: { cache: npm }', // 11
      '  publish:', // 12
      '    runs-on: ubuntu-latest', // 13
      '    steps:', // 14
      '      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0', // 15
      '        with: { cache: npm }', // 16
      '      - run: npm publish --provenance', // 17
    );
    expect(findings(text, 'cache-poisoning')).toEqual([`${FILE}:16 cache-poisoning`]);
  });

  it('publishing with the caches turned off is fine', () => {
    const text = release(
      '      - uses: actions/setup-node@a0853c24544627f65ddf259abe73b1d18a591444 # v5.0.0',
      "        with: { node-version: 20, cache: '' }",
      '      - uses: ./actions/setup-vault',
      '        with:',
      '          cache: false',
    );
    expect(findings(text)).toEqual([]);
  });
});

describe('artipacked', () => {
  const UPLOAD = 'actions/upload-artifact@330a01c490aca151604b8cf639adc76d48f6c5d4 # v5.0.0';
  const withUploads = (...steps: string[]) =>
    CLEAN.replace('      - run: npm test\n', `${steps.join('\n')}\n      - run: npm test\n`);

  it('the workspace, a credential file, and include-hidden-files: true', () => {
    const text = withUploads(
      `      - uses: ${UPLOAD}`, // 16
      '        with:', // 17
      '          name: all', // 18
      '          path: .', // 19
      `      - uses: ${UPLOAD}`, // 20
      '        with:', // 21
      '          name: build', // 22
      '          path: |', // 23
      '            dist/', // 24
      '            ~/.npmrc', // 25
      '          include-hidden-files: true', // 26
    );
    expect(findings(text, 'artipacked')).toEqual([
      `${FILE}:19 artipacked`,
      `${FILE}:23 artipacked`,
      `${FILE}:26 artipacked`,
    ]);
  });

  it('a named folder or file (with excludes) is fine', () => {
    const text = withUploads(
      `      - uses: ${UPLOAD}`,
      '        with:',
      '          name: coverage',
      '          path: |',
      '            coverage/',
      '            !**/.git',
      '          include-hidden-files: false',
    );
    expect(findings(text)).toEqual([]);
  });
});

describe('bot-conditions', () => {
  it("a job's and a step's if: trusting a bot by github.actor / github.triggering_actor", () => {
    const text = CLEAN.replace(
      '    runs-on: ubuntu-latest\n',
      "    if: github.actor == 'dependabot[bot]'\n    runs-on: ubuntu-latest\n",
    ).replace(
      '      - run: npm test\n',
      "      - if: ${{ github.triggering_actor == 'renovate[bot]' }}\n        run: echo merge\n      - run: npm test\n",
    );
    // job if: is line 10, so the step if: moves from 16 to 17
    expect(findings(text, 'bot-conditions')).toEqual([
      `${FILE}:10 bot-conditions`,
      `${FILE}:17 bot-conditions`,
    ]);
  });

  it("the pull request's author, or an actor that is no bot, is fine", () => {
    const text = CLEAN.replace(
      '    runs-on: ubuntu-latest\n',
      "    if: github.event.pull_request.user.login == 'dependabot[bot]' || github.actor == 'octocat'\n    runs-on: ubuntu-latest\n",
    );
    expect(findings(text)).toEqual([]);
  });
});

describe('unsound-contains', () => {
  it('a string haystack in an if: and in a ${{ }} value', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      [
        "      - if: contains('refs/heads/main refs/heads/release', github.ref)", // 16
        '        run: echo release', // 17
        '      - run: echo fast', // 18
        '        env:', // 19
        "          FAST: ${{ contains('ubuntu-latest,ubuntu-24.04', matrix.os) }}", // 20
        '      - run: npm test', // 21
        '',
      ].join('\n'),
    );
    expect(findings(text, 'unsound-contains')).toEqual([
      `${FILE}:16 unsound-contains`,
      `${FILE}:20 unsound-contains`,
    ]);
  });

  it('an array haystack, a context haystack, or two literals are fine', () => {
    const text = CLEAN.replace(
      '      - run: npm test\n',
      [
        `      - if: contains(fromJSON('["refs/heads/main"]'), github.ref) && contains(github.event.pull_request.labels.*.name, 'e2e')`,
        "        run: echo ${{ contains('abc', 'a') }}",
        '',
      ].join('\n'),
    );
    expect(findings(text, 'unsound-contains')).toEqual([]);
  });
});

describe('excessive-permissions', () => {
  const jobs = (top: string) =>
    lines(
      'on: push', // 1
      'permissions:', // 2
      '  contents: read', // 3
      top, // 4
      'jobs:', // 5
      '  build:', // 6
      '    runs-on: ubuntu-latest', // 7
      '    steps:', // 8
      '      - run: npm test', // 9
      '  report:', // 10
      '    runs-on: ubuntu-latest', // 11
      '    permissions:', // 12
      '      actions: read', // 13
      '    steps:', // 14
      '      - run: echo report', // 15
      '  audit:', // 16
      '    runs-on: ubuntu-latest', // 17
      '    permissions: read-all', // 18
      '    steps:', // 19
      '      - run: echo audit', // 20
    );

  it('a job inheriting a broader workflow set, and read-all on a job', () => {
    expect(findings(jobs('  actions: read'), 'excessive-permissions')).toEqual([
      `${FILE}:6 excessive-permissions`,
      `${FILE}:18 excessive-permissions`,
    ]);
  });

  it('a top of contents: read (and metadata) is inherited without a finding', () => {
    expect(findings(jobs('  metadata: read'), 'excessive-permissions')).toEqual([
      `${FILE}:18 excessive-permissions`,
    ]);
    expect(findings(CLEAN, 'excessive-permissions')).toEqual([]);
  });
});

describe('known-vulnerable-actions', () => {
  const using = (...uses: string[]) =>
    CLEAN.replace(
      '      - run: npm test\n',
      `${uses.map((u) => `      - uses: ${u}\n`).join('')}      - run: npm test\n`,
    );

  it('a version comment in an advisory range, a known-bad commit, a tag', () => {
    const text = using(
      `tj-actions/changed-files@${sha('c')} # v45.0.7`, // 16
      'tj-actions/changed-files@0e58ed8671d6b60d0890c21b07f8835ace038e67 # v46.0.1', // 17
      `actions/download-artifact@${sha('e')} # v4.1.2`, // 18
      `reviewdog/action-setup@f0d342d24037bb11d26b9bd8496e0808ba32e9ec # v1`, // 19
      'tj-actions/changed-files@v40', // 20 (both tj-actions advisories)
    );
    expect(findings(text, 'known-vulnerable-actions')).toEqual([
      `${FILE}:16 known-vulnerable-actions`,
      `${FILE}:17 known-vulnerable-actions`,
      `${FILE}:18 known-vulnerable-actions`,
      `${FILE}:19 known-vulnerable-actions`,
      `${FILE}:20 known-vulnerable-actions`,
      `${FILE}:20 known-vulnerable-actions`,
    ]);
    const message = checkWorkflowText(FILE, text).find((v) => v.line === 18)?.message;
    expect(message).toMatch(/GHSA-cxww-7g56-2vh6.*pin 4\.1\.7 or later/);
  });

  it('fixed releases and other commits are fine', () => {
    const text = using(
      `tj-actions/changed-files@${sha('c')} # v46.0.1`,
      `actions/download-artifact@${sha('e')} # v4.1.8`,
      `reviewdog/action-setup@${sha('f')} # v1.3.2`,
    );
    expect(findings(text)).toEqual([]);
  });

  it('the committed advisories.json reads, and a broken entry is refused', () => {
    const committed = committedAdvisories();
    expect(committed.map((advisory) => advisory.id)).toEqual(
      expect.arrayContaining(['GHSA-mrrh-fwg8-r2c3', 'GHSA-qmg3-hpqr-gqvc', 'GHSA-cxww-7g56-2vh6']),
    );
    const entry = {
      id: 'GHSA-mrrh-fwg8-r2c3',
      action: 'o/r',
      affected: ['< 2'],
      commits: [],
      fixed: '2.0.0',
      summary: 's',
      url: 'https://github.com/advisories/x',
    };
    const parse = (override: object) =>
      parseAdvisories(JSON.stringify({ advisories: [{ ...entry, ...override }] }), 'advisories.json');
    expect(parse({})).toHaveLength(1);
    expect(() => parse({ id: 'CVE-2025-1' })).toThrow(/advisories\[0\] id "CVE-2025-1" is not a GHSA id/);
    expect(() => parse({ affected: ['before 2'] })).toThrow(/cannot read the version range "before 2"/);
    expect(() => parse({ affected: [], commits: [] })).toThrow(/names neither affected ranges nor commits/);
  });
});

describe('ref-version-mismatch', () => {
  /** Findings of one rule over several files checked together. */
  function together(files: Record<string, string>, rule: string): string[] {
    const workflows = Object.entries(files).map(([file, text]) => parseWorkflow(file, text));
    const found = workflows
      .flatMap((workflow) => checkWorkflow(workflow, { workflows }))
      .filter((violation) => violation.rule === rule)
      .map((violation) => `${violation.file}:${violation.line} ${violation.rule}`);
    for (const finding of found) planted.add(finding.split(' ')[1] ?? '');
    return found;
  }
  const pinned = (uses: string) => CLEAN.replace(CHECKOUT, uses);

  it('one action at two SHAs under one version comment, and one SHA under two versions', () => {
    expect(
      together(
        {
          'a.yml': pinned(`actions/checkout@${sha('1')} # v5.0.0`),
          'b.yml': pinned(`actions/checkout@${sha('2')} # v5.0.0`),
        },
        'ref-version-mismatch',
      ),
    ).toEqual(['a.yml:12 ref-version-mismatch', 'b.yml:12 ref-version-mismatch']);
    expect(
      together(
        {
          'a.yml': pinned(`actions/checkout@${sha('1')} # v5.0.0`),
          'b.yml': pinned(`actions/checkout@${sha('1')} # v4.2.2`),
        },
        'ref-version-mismatch',
      ),
    ).toEqual(['a.yml:12 ref-version-mismatch', 'b.yml:12 ref-version-mismatch']);
  });

  it('the same pin everywhere, a major tag beside its release, other actions: fine', () => {
    expect(
      together(
        {
          'a.yml': pinned(`actions/checkout@${sha('1')} # v5.0.0`),
          'b.yml': pinned(`actions/checkout@${sha('1')} # v5`),
          'c.yml': pinned(`actions/setup-node@${sha('2')} # v5.0.0`),
        },
        'ref-version-mismatch',
      ),
    ).toEqual([]);
  });
});

// Last: a rule nobody planted a violation of above would be a rule never shown able to fire.
describe('every rule', () => {
  it('has a planted-violation test in this file that saw it reported', () => {
    expect(RULES.map((rule) => rule.id).filter((id) => !planted.has(id))).toEqual([]);
  });
});
