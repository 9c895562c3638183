// What a vault token looks like, for every place that issues, stores or checks one.

/** Every token the vault issues starts with this (`evt_` + 32 hex). */
export const TOKEN_PREFIX = 'evt_';
/** Every token the vault accepts has this length (`evt_` + 32 hex, or an older 36-char value). */
export const TOKEN_LENGTH = 36;
