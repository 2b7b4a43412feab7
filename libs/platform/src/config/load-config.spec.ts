import { IsString, Matches } from 'class-validator';
import { randomBytes } from 'node:crypto';
import { BaseConfig } from './base-config';
import { ConfigError, loadConfig } from './load-config';

const SECRET = 'a-demo-secret-that-is-long-enough-0001';
const valid = {
  DATABASE_URL: 'postgres://u:p@localhost:5432/health',
  SAMVIRKE_JWT_SECRET: randomBytes(32).toString('base64url'),
};

function problemsOf(env: NodeJS.ProcessEnv): ConfigError['problems'] {
  try {
    loadConfig(BaseConfig, env);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('reads a valid environment with defaults and typed values', () => {
    const config = loadConfig(BaseConfig, { ...valid, PORT: '3001' });
    expect(config).toBeInstanceOf(BaseConfig);
    expect(config.PORT).toBe(3001);
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.DATABASE_URL).toBe(valid.DATABASE_URL);
  });

  it('keeps only declared variables', () => {
    const config = loadConfig(BaseConfig, { ...valid, HOME: '/root', PATH: '/bin' });
    expect(Object.keys(config)).not.toContain('HOME');
  });

  it('takes an empty variable as unset', () => {
    expect(loadConfig(BaseConfig, { ...valid, LOG_LEVEL: '', PORT: '' })).toMatchObject({
      LOG_LEVEL: 'info',
      PORT: undefined,
    });
  });

  it('names every bad variable at once', () => {
    const problems = problemsOf({ PORT: 'eighty', LOG_LEVEL: 'loud' });
    expect(problems.map((p) => p.variable).sort()).toEqual([
      'DATABASE_URL',
      'LOG_LEVEL',
      'PORT',
      'SAMVIRKE_JWT_SECRET',
    ]);
  });

  it('fails with one error whose message lists the variables', () => {
    expect(() => loadConfig(BaseConfig, { PORT: '99999' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
  });

  it('never puts a value in the error', () => {
    const problems = problemsOf({ ...valid, SAMVIRKE_JWT_SECRET: 'short-secret-value' });
    expect(problems).toEqual([{ variable: 'SAMVIRKE_JWT_SECRET', message: expect.any(String) }]);
    expect(JSON.stringify(problems)).not.toContain('short-secret-value');
  });

  it('accepts a JWKS URL in place of a secret', () => {
    const config = loadConfig(BaseConfig, {
      DATABASE_URL: valid.DATABASE_URL,
      SAMVIRKE_JWKS_URL: 'https://login.example.no/jwks',
    });
    expect(config.SAMVIRKE_JWT_SECRET).toBeUndefined();
  });

  describe('in production (SAMVIRKE_ENV=production)', () => {
    const production = {
      DATABASE_URL: valid.DATABASE_URL,
      SAMVIRKE_ENV: 'production',
      SAMVIRKE_JWKS_URL: 'https://login.kommune.example/jwks',
      SAMVIRKE_JWT_ISSUER: 'https://login.kommune.example',
      SAMVIRKE_JWT_AUDIENCE: 'samvirke',
    };
    const variables = (env: NodeJS.ProcessEnv) =>
      problemsOf(env)
        .map((p) => p.variable)
        .sort();

    it('starts with an https JWKS, an issuer and an audience', () => {
      expect(loadConfig(BaseConfig, production)).toMatchObject({
        SAMVIRKE_ENV: 'production',
        SAMVIRKE_JWT_SECRET: undefined,
      });
    });

    it('refuses to start without the JWKS, the issuer or the audience, naming each', () => {
      const problems = problemsOf({ DATABASE_URL: valid.DATABASE_URL, SAMVIRKE_ENV: 'production' });
      expect(problems.map((p) => p.variable).sort()).toEqual([
        'SAMVIRKE_JWKS_URL',
        'SAMVIRKE_JWT_AUDIENCE',
        'SAMVIRKE_JWT_ISSUER',
      ]);
      expect(problems.every((p) => p.message.includes('must be set in production'))).toBe(true);
    });

    it('refuses a JWKS over plain http', () => {
      const problems = problemsOf({
        ...production,
        SAMVIRKE_JWKS_URL: 'http://login.kommune.example/jwks',
      });
      expect(problems).toEqual([
        { variable: 'SAMVIRKE_JWKS_URL', message: expect.stringContaining('https') },
      ]);
    });

    it('refuses an HS256 secret, even a good one', () => {
      const problems = problemsOf({
        ...production,
        SAMVIRKE_JWT_SECRET: 'q'.repeat(17) + 'Zx8-Lm2_Pw9vRt4Ys6',
      });
      expect(problems).toEqual([
        {
          variable: 'SAMVIRKE_JWT_SECRET',
          message: expect.stringContaining('refused in production'),
        },
      ]);
    });

    it('is the only value besides development', () => {
      expect(variables({ ...valid, SAMVIRKE_ENV: 'prod' })).toEqual(['SAMVIRKE_ENV']);
      expect(loadConfig(BaseConfig, valid).SAMVIRKE_ENV).toBe('development');
    });
  });

  it.each([
    ['the old fixed test secret', 'samvirke-test-secret-not-for-production-use'],
    ["the token tests' secret", SECRET],
    ["the platform tests' other secret", 'another-secret-that-is-long-enough-000'],
  ])('refuses %s, which anyone can read in the repository', (_what, secret) => {
    const problems = problemsOf({ ...valid, SAMVIRKE_JWT_SECRET: secret });
    expect(problems).toEqual([
      { variable: 'SAMVIRKE_JWT_SECRET', message: expect.stringContaining('published') },
    ]);
  });

  it('accepts an http JWKS outside production (a local identity provider)', () => {
    expect(
      loadConfig(BaseConfig, {
        DATABASE_URL: valid.DATABASE_URL,
        SAMVIRKE_JWKS_URL: 'http://127.0.0.1:8080/jwks',
      }).SAMVIRKE_JWKS_URL,
    ).toBe('http://127.0.0.1:8080/jwks');
  });

  it('refuses a database URL that is not PostgreSQL', () => {
    expect(problemsOf({ ...valid, DATABASE_URL: 'mysql://x' }).map((p) => p.variable)).toEqual([
      'DATABASE_URL',
    ]);
  });

  it('lets a service extend the base with its own variables', () => {
    class HealthConfig extends BaseConfig {
      @IsString()
      @Matches(/^[0-9a-f]{64}$/)
      SAMVIRKE_CHILD_REF_KEY!: string;
    }
    expect(() => loadConfig(HealthConfig, valid)).toThrow(/SAMVIRKE_CHILD_REF_KEY/);
    const config = loadConfig(HealthConfig, { ...valid, SAMVIRKE_CHILD_REF_KEY: 'ab'.repeat(32) });
    expect(config).toMatchObject({ SAMVIRKE_CHILD_REF_KEY: 'ab'.repeat(32), LOG_LEVEL: 'info' });
  });
});
