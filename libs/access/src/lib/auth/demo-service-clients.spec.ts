import { authenticateClient, clientCredentialsOf, demoServiceClientsFrom } from './demo-service-clients';

const SECRET = 'a-secret-of-20-chars';

describe('the demo issuer service clients (DEMO_SERVICE_CLIENTS)', () => {
  it('should read each client with the roles of its demo user, the client itself as the subject', () => {
    const [cli, auditor] = demoServiceClientsFrom(`perheverkko-cli:pekka:${SECRET}, perheverkko-cli-auditor:aino:${SECRET}:with:colons`);
    expect(cli).toMatchObject({ clientId: 'perheverkko-cli', actsAs: 'pekka', user: { id: 'perheverkko-cli', roles: ['administrator'] } });
    expect(auditor.user).toMatchObject({ id: 'perheverkko-cli-auditor', roles: ['auditor'], organisation: 'Wellbeing services county' });
    expect(JSON.stringify(cli.user)).not.toContain('demo-pekka');
  });

  it('should read no clients when unset or empty', () => {
    expect(demoServiceClientsFrom(undefined)).toEqual([]);
    expect(demoServiceClientsFrom(' ')).toEqual([]);
  });

  it.each([
    ['Perheverkko CLI:pekka:' + SECRET, /entry 1: client id must be/],
    ['perheverkko-cli:nobody:' + SECRET, /entry 1 \(perheverkko-cli\): no demo user "nobody"; one of terhi, olli/],
    ['perheverkko-cli:pekka:short', /the secret must be at least 16 characters/],
    [`perheverkko-cli:pekka:${SECRET},perheverkko-cli:aino:${SECRET}`, /entry 2: client perheverkko-cli is listed twice/],
  ])('should refuse %s naming the setting, never the secret', (setting, reason) => {
    expect(() => demoServiceClientsFrom(setting)).toThrow(reason);
    expect(() => demoServiceClientsFrom(setting)).toThrow(/^DEMO_SERVICE_CLIENTS: /);
    try {
      demoServiceClientsFrom(setting);
    } catch (error) {
      expect((error as Error).message).not.toContain(SECRET);
    }
  });

  it('should authenticate a client only with its own secret', () => {
    const clients = demoServiceClientsFrom(`perheverkko-cli:pekka:${SECRET},other-client:antti:${SECRET}-other`);
    expect(authenticateClient(clients, 'perheverkko-cli', SECRET)?.actsAs).toBe('pekka');
    expect(authenticateClient(clients, 'perheverkko-cli', `${SECRET}-other`)).toBeUndefined();
    expect(authenticateClient(clients, 'nobody', SECRET)).toBeUndefined();
  });

  it('should take the credentials from HTTP Basic (form-url-encoded parts) or from the body, never both', () => {
    const basic = `Basic ${Buffer.from('perheverkko-cli:a%3Asecret+with+spaces').toString('base64')}`;
    expect(clientCredentialsOf(basic, {})).toEqual({ clientId: 'perheverkko-cli', secret: 'a:secret with spaces', method: 'basic' });
    expect(clientCredentialsOf(undefined, { client_id: 'c', client_secret: 's' })).toEqual({ clientId: 'c', secret: 's', method: 'post' });
    expect(clientCredentialsOf(basic, { client_secret: 's' })).toEqual({ problem: expect.stringMatching(/not both/) });
    expect(clientCredentialsOf(undefined, { client_id: ['a', 'b'], client_secret: 's' })).toEqual({ problem: expect.any(String) });
    expect(clientCredentialsOf(`Basic ${Buffer.from('no-colon').toString('base64')}`, {})).toEqual({ problem: expect.any(String) });
    expect(clientCredentialsOf(undefined, { client_id: 'c' })).toBeUndefined();
  });
});
