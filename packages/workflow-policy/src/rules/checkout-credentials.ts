// actions/checkout writes the job token into .git/config by default, where every later step
// (and anything an npm install runs) can read it; persist-credentials: false keeps it out.
import { isCheckoutAction, usesReferences } from '../uses.js';
import type { Rule, Violation } from '../violation.js';
import { lineOf, scalarText, valueAt } from '../workflow-document.js';

export const checkoutPersistsCredentials: Rule = {
  id: 'checkout-persists-credentials',
  description: 'actions/checkout with persist-credentials: false (no token left in .git/config)',
  check(workflow) {
    const violations: Violation[] = [];
    for (const reference of usesReferences(workflow)) {
      if (!reference.step || !isCheckoutAction(reference.value)) continue;
      const setting = valueAt(valueAt(reference.step, 'with'), 'persist-credentials');
      if (scalarText(setting) === 'false') continue;
      violations.push({
        file: workflow.file,
        line: lineOf(workflow, setting ?? reference.node),
        rule: this.id,
        message: `actions/checkout in job ${reference.job.id} leaves the job token in .git/config for every later step; set with: persist-credentials: false`,
      });
    }
    return violations;
  },
};
