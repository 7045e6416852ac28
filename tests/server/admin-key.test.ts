import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.ts';
import { startRealService, type RealService } from './real-engine.ts';

const adminKey = 'admin-key-0123456789abcdef';
const publicKey = 'public-key-0123456789';
const partner = 'https://partner.example.com';

let service: RealService;
beforeAll(async () => {
  service = await startRealService();
});
afterAll(() => service.close());

describe('admin routes', () => {
  it('do not exist for clients when ADMIN_API_KEY is unset', async () => {
    const app = await service.app({ ADMIN_API_KEY: undefined });
    const response = await app.inject({ method: 'GET', url: '/api/admin', headers: { authorization: `Bearer ${adminKey}` } });
    expect(response.statusCode).toBe(404);
    expect(response.json()).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('admit the admin key as a bearer token or x-admin-key', async () => {
    const app = await service.app({ ADMIN_API_KEY: adminKey });
    const bearer = await app.inject({ method: 'GET', url: '/api/admin', headers: { authorization: `Bearer ${adminKey}` } });
    expect(bearer.statusCode).toBe(200);
    expect(bearer.json()).toHaveProperty('sections');
    const header = await app.inject({ method: 'GET', url: '/api/admin', headers: { 'x-admin-key': adminKey } });
    expect(header.statusCode).toBe(200);
  });

  it('refuse a public API key, an allowed origin, a wrong key and no key', async () => {
    const app = await service.app({ ADMIN_API_KEY: adminKey, API_KEYS: [publicKey], ALLOWED_ORIGINS: [partner] });
    const attempts = [
      { authorization: `Bearer ${publicKey}` },
      { 'x-api-key': publicKey },
      { origin: partner },
      { referer: `${partner}/page` },
      { 'x-admin-key': `${adminKey}x` },
      {},
    ];
    for (const headers of attempts) {
      const response = await app.inject({ method: 'GET', url: '/api/admin', headers });
      expect(response.statusCode, JSON.stringify(headers)).toBe(401);
      expect(response.json()).toMatchObject({ code: 'UNAUTHORIZED' });
    }
  });
});

describe('ADMIN_API_KEY configuration', () => {
  it('must be long enough and differ from the public keys', () => {
    expect(() => loadConfig({ ADMIN_API_KEY: 'short' })).toThrow(/ADMIN_API_KEY must be at least 16 characters/);
    expect(() => loadConfig({ ADMIN_API_KEY: adminKey, API_KEYS: adminKey })).toThrow(/ADMIN_API_KEY must differ/);
    expect(loadConfig({ ADMIN_API_KEY: adminKey }).ADMIN_API_KEY).toBe(adminKey);
  });
});
