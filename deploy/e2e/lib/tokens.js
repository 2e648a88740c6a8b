// Bearer tokens for the tests, minted by the launcher exactly as a person would (`deploy/relais token ROLE ...`),
// so the tests exercise the real signing key of the running platform. Tokens are cached per argument list.
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { createSign, generateKeyPairSync } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const LAUNCHER = process.env.RELAIS_LAUNCHER || join(REPO, 'deploy', 'relais');

const cache = new Map();

/** token('operator', {facilities: ['f1']}), token('patrol', {patrol: 'maraude-19-a'}), token('admin', {ttl: 0}). */
export function token(role, { patrol, facilities = [], subject, ttl } = {}) {
  const args = ['token', role];
  for (const f of facilities) args.push('--facility', f);
  if (patrol) args.push('--patrol', patrol);
  if (subject) args.push('--subject', subject);
  if (ttl != null) args.push('--ttl', String(ttl));
  const key = args.join(' ');
  if (ttl == null && cache.has(key)) return cache.get(key);
  const minted = execFileSync(LAUNCHER, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  if (!/^[\w-]+\.[\w-]+\.[\w-]+$/.test(minted)) throw new Error(`deploy/relais ${key} printed no token`);
  if (ttl == null) cache.set(key, minted);
  return minted;
}

/** n tokens of one role, each with its own subject (so per-token limits apply to each), minted in parallel. */
export async function tokensFor(role, { patrol, facilities = [], subject = 'e2e' } = {}, n = 1) {
  const run = promisify(execFile);
  return Promise.all(Array.from({ length: n }, async (_, i) => {
    const args = ['token', role, ...facilities.flatMap((f) => ['--facility', f]), ...(patrol ? ['--patrol', patrol] : []), '--subject', `${subject}-${i}`];
    return (await run(LAUNCHER, args, { encoding: 'utf8' })).stdout.trim();
  }));
}

export const tokens = {
  admin: () => token('admin'),
  coordinator: () => token('coordinator'),
  operator: (...facilities) => token('operator', { facilities }),
  patrol: (patrol) => token('patrol', { patrol }),
};

export const bearer = (t) => ({ Authorization: `Bearer ${t}` });

const b64url = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

export function claimsOf(jwt) {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/** The same token with other claims and the ORIGINAL signature: a tampered token, which must be refused. */
export function tampered(jwt, change) {
  const [header, , signature] = jwt.split('.');
  return `${header}.${b64url({ ...claimsOf(jwt), ...change })}.${signature}`;
}

let stranger;
/** A well-formed RS256 token with the right issuer and claims, signed by a key the platform has never seen. */
export function signedByStranger(claims) {
  stranger ??= generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
  const head = b64url({ alg: 'RS256', typ: 'JWT', kid: 'relais-local' });
  const body = b64url(claims);
  const signature = createSign('RSA-SHA256').update(`${head}.${body}`).sign(stranger).toString('base64url');
  return `${head}.${body}.${signature}`;
}
