import { bearerTokenOf } from './authenticated-user';

describe('the bearer token of an Authorization header', () => {
  it('should read the scheme in any case (RFC 9110 §11.1), the token as sent', () => {
    for (const scheme of ['Bearer', 'bearer', 'BEARER', 'bEaReR']) expect(bearerTokenOf(`${scheme} abc.def-ghi`)).toBe('abc.def-ghi');
    expect(bearerTokenOf('Bearer  abc ')).toBe('abc');
  });

  it('should find no token in another scheme, or none at all', () => {
    expect(bearerTokenOf(undefined)).toBeUndefined();
    expect(bearerTokenOf('')).toBeUndefined();
    expect(bearerTokenOf('Bearer')).toBeUndefined();
    expect(bearerTokenOf('Bearer   ')).toBeUndefined();
    expect(bearerTokenOf('Basic dXNlcjpwYXNz')).toBeUndefined();
    expect(bearerTokenOf('Bearerabc')).toBeUndefined();
  });
});
