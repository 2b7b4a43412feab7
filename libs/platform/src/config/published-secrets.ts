/**
 * HS256 secrets that were ever written in this repository (tests, docs, compose files): anyone
 * who has read the code can sign tokens with them, so no environment accepts one.
 */
const PUBLISHED_SECRETS: ReadonlySet<string> = new Set([
  // The old fixed TEST_JWT_SECRET; test apps now make a random one per run.
  'samvirke-test-secret-not-for-production-use',
  // Unit tests of the token verifier, the config and the platform.
  'a-demo-secret-that-is-long-enough-0001',
  'another-secret-that-is-long-enough-000',
]);

export function isPublishedSecret(secret: string): boolean {
  return PUBLISHED_SECRETS.has(secret.trim());
}
