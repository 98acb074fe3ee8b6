import { startBanner, startFactsOf } from './start-banner';

const facts = {
  url: 'http://localhost:3000',
  consoleBuilt: true,
  databaseServer: false,
  dataDir: '/home/me/perheverkko/data',
  demoSignIn: true,
};

describe('the banner npm start prints', () => {
  it('should name the API, its docs, the console, the data folder and every demo user with the password the README gives', () => {
    const banner = startBanner(facts);
    expect(banner).toContain('API: http://localhost:3000  (OpenAPI http://localhost:3000/openapi.json');
    expect(banner).toContain('Docs: http://localhost:3000/docs');
    expect(banner).toMatch(/Console: http:\/\/localhost:3000\/\n/);
    expect(banner).toContain('Data: /home/me/perheverkko/data\n');
    for (const [user, role] of [
      ['terhi', 'professional'],
      ['olli', 'professional'],
      ['kaisa', 'coordinator'],
      ['aino', 'auditor'],
      ['antti', 'analyst'],
      ['pekka', 'administrator'],
    ]) {
      expect(banner).toMatch(new RegExp(`^ +(Sign in:)? ${user} / demo-${user} +${role}, `, 'm'));
    }
  });

  it('should give the public address when PUBLIC_URL is set (where sign-in works), else where the process listens', () => {
    const config = { DATABASE_URL: undefined, DATA_DIR: 'data', servesDemoIssuer: true, demoIssuerEnabled: true };
    const listening = 'http://localhost:3955';
    const atPublic = { ...config, PUBLIC_URL: 'http://127.0.0.1:3955/', publicUrl: 'http://127.0.0.1:3955' };
    expect(startFactsOf(atPublic, listening, true).url).toBe('http://127.0.0.1:3955');
    expect(startBanner(startFactsOf(atPublic, listening, true))).toContain('Console: http://127.0.0.1:3955/');
    expect(startFactsOf({ ...config, PUBLIC_URL: undefined, publicUrl: 'http://localhost:3000' }, listening, true).url).toBe(listening);
  });

  it('should stay short: a screen, not a log', () => {
    expect(startBanner(facts).split('\n').length).toBeLessThanOrEqual(16);
  });

  it('should say how to build the console when it is not built', () => {
    expect(startBanner({ ...facts, consoleBuilt: false })).toContain(
      'Console: http://localhost:3000/ (not built yet: npm run console:build)',
    );
  });

  it('should list no demo users when a real identity provider signs people in', () => {
    expect(startBanner({ ...facts, demoSignIn: false })).not.toMatch(/demo-|Sign in/);
  });

  it('should say that the data folder holds only keys when the events are on a database server', () => {
    expect(startBanner({ ...facts, databaseServer: true })).toContain(
      'Data: /home/me/perheverkko/data (keys; the events are on DATABASE_URL)',
    );
  });
});
