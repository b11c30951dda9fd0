import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { handleError } from './errors.js';

function appThrowing(error: Error) {
  const app = Fastify({ logger: false });
  app.setErrorHandler(handleError);
  app.get('/', async () => {
    throw error;
  });
  return app;
}

describe('the error handler', () => {
  it('answers a database that cannot be reached with 503 and when to try again', async () => {
    const app = appThrowing(
      Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' }),
    );
    const res = await app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('5');
    expect(res.json()).toMatchObject({ code: 'unavailable' });
    expect(res.body).not.toContain('127.0.0.1');
  });

  it('keeps the status Fastify gave an error of the request itself (a client that hung up mid-upload)', async () => {
    const aborted = Object.assign(new Error('aborted'), { code: 'ECONNRESET', statusCode: 400 });
    const res = await appThrowing(aborted).inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'bad_request' });
  });

  it('answers anything unexpected with 500 and a request id, never the error itself', async () => {
    const res = await appThrowing(new Error('secret internals at foo.js:12')).inject({
      method: 'GET',
      url: '/',
    });
    expect(res.statusCode).toBe(500);
    expect(res.json()).toMatchObject({ code: 'internal' });
    expect(res.body).not.toContain('secret internals');
  });
});
