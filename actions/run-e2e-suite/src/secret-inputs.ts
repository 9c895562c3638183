/** The inputs that hold secrets: masked (core.setSecret) before any other input is read. */
export const SECRET_INPUTS = ['token', 'oidc-token'] as const;
