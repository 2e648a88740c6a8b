// The ids a token binds (a patrol's, a facility's), as the platform checks them (org.relais.tokens.Claims.ID_PATTERN).
// No DOM use: the end-to-end tests import this module in Node, so the pages and the tests share one copy.
export const ID = /^[a-z0-9][a-z0-9-]{1,63}$/;
