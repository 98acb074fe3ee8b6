import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { KURRENT_SCHEMES, normaliseKurrentConnectionString } from './connection-string';

const PASSWORD = 'pa55-w0rd-s3cret';

describe('EVENTSTOREDB_URL as the KurrentDB client takes it', () => {
  it.each(KURRENT_SCHEMES.map((scheme) => [scheme]))('should accept %s:// and hand the client a string it parses', async (scheme) => {
    const normalised = normaliseKurrentConnectionString(`${scheme}://admin:${PASSWORD}@127.0.0.1:2113,10.0.0.2:2113?tls=false`);
    expect(normalised).toBe(`${scheme.replace(/^esdb/, 'kurrentdb')}://admin:${PASSWORD}@127.0.0.1:2113,10.0.0.2:2113?tls=false`);
    // The client parses the string twice (its TypeScript parser, then its Rust bridge) and connects only on first use.
    const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const client = KurrentDBClient.connectionString(normalised);
      await client.dispose();
      expect(warn).not.toHaveBeenCalled(); // no "esdb is deprecated" on every start
    } finally {
      warn.mockRestore();
    }
  });

  it('should take the scheme in any case and surrounding blanks', () => {
    expect(normaliseKurrentConnectionString(' ESDB+Discover://cluster.county.fi:2113 ')).toBe(
      'kurrentdb+discover://cluster.county.fi:2113',
    );
  });

  it.each([
    [
      'another scheme',
      `postgres://admin:${PASSWORD}@db:5432/x`,
      /EVENTSTOREDB_URL: must start with esdb:\/\/, .*kdb\+discover:\/\/ \(found postgres:\/\/\)/,
    ],
    ['no scheme', `admin:${PASSWORD}@127.0.0.1:2113`, /^EVENTSTOREDB_URL: must start with esdb:\/\//],
    [
      'no host',
      `kurrentdb://admin:${PASSWORD}@?tls=false`,
      /EVENTSTOREDB_URL: not a connection string .* at character 36 it expects host$/,
    ],
    ['a port that is no number', `kdb://admin:${PASSWORD}@127.0.0.1:abc`, /at character 40 it expects port number$/],
    ['a bad option value', `esdb://admin:${PASSWORD}@127.0.0.1:2113?tls=maybe`, /at character 50 it expects true or false$/],
  ])('should refuse %s, naming the setting and never the password', (_, value, reason) => {
    let message = '';
    try {
      normaliseKurrentConnectionString(value);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(reason);
    expect(message).not.toContain(PASSWORD);
    expect(message).not.toContain('admin');
  });

  it('should name the setting it was given', () => {
    expect(() => normaliseKurrentConnectionString('http://x', 'ARCHIVE_URL')).toThrow(/^ARCHIVE_URL: must start with/);
  });
});
