/** How long a started vault may take to answer GET /health 200 (E2E.md: default 120 s). */
export const DEFAULT_HEALTH_DEADLINE_MS = 120_000;
/** The user of the member token a driver issues at start. */
export const DEFAULT_TOKEN_USER = 'e2e-suite';
