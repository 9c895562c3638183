// github.actor is whoever caused the latest event of a run, not who wrote the code it runs: a
// re-run, a `@dependabot rebase` comment or a synchronize event on someone else's pull request
// makes it the bot while the code is a stranger's, and a user account may carry a bot-like name.
// An `if:` that trusts a bot by github.actor (or github.triggering_actor) can be made to pass.
import { expressionsOf } from '../conditions.js';
import type { Rule, Violation } from '../violation.js';

/** A string literal naming a bot: `dependabot[bot]`, `renovate[bot]`, or any `…[bot]`. */
const BOT = String.raw`'[^']*(?:\[bot\]|dependabot|renovate)[^']*'`;
const ACTOR = String.raw`github\.(?:triggering_)?actor`;
/** The actor compared with a bot name (either side), or tested with contains/startsWith/endsWith. */
const TRUSTS_BOT = new RegExp(
  [
    String.raw`${ACTOR}\s*[!=]=\s*${BOT}`,
    String.raw`${BOT}\s*[!=]=\s*${ACTOR}`,
    String.raw`(?:contains|startswith|endswith)\s*\(\s*${ACTOR}\s*,\s*${BOT}`,
  ].join('|'),
  'i',
);

export const botConditions: Rule = {
  id: 'bot-conditions',
  description:
    "an if: that trusts a bot by github.actor / github.triggering_actor (e.g. == 'dependabot[bot]'): the actor is whoever triggered the run, not the code's author",
  help: "Check the pull request's author instead (github.event.pull_request.user.login == 'dependabot[bot]'), and keep bot automation out of pull_request_target / workflow_run workflows.",
  check(workflow) {
    const violations: Violation[] = [];
    for (const expression of expressionsOf(workflow)) {
      if (!expression.condition) continue;
      // Context names are case-insensitive; `github['actor']` is github.actor too.
      const match = TRUSTS_BOT.exec(expression.text.replace(/\[\s*'(\w+)'\s*\]/g, '.$1'));
      if (!match) continue;
      const actor = /github\.(triggering_)?actor/i.exec(match[0])?.[0].toLowerCase();
      violations.push({
        file: workflow.file,
        line: expression.line,
        column: expression.column,
        rule: this.id,
        message: `if: of job ${expression.job} trusts a bot by ${actor}, which names whoever triggered the run (a fork's pull request re-run by the bot passes); test github.event.pull_request.user.login instead`,
      });
    }
    return violations;
  },
};
