import { identityCodeProblem } from './identity-code';

describe('Finnish personal identity code', () => {
  it.each(['010118A9989', '131052-308T', '010594Y9032', '010594Y9021', '020502E902X', '020502A902X', '150230+1230'])(
    'should accept %s',
    (code) => {
      expect(identityCodeProblem(code)).toBeUndefined();
    },
  );

  it.each([
    ['010118A998P', /check character should be 9, not P/],
    ['310218A9989', /not a date/],
    ['010118G998P', /must look like/],
    ['010118A000P', /never issued/],
    ['0101183998P', /must look like/],
    ['', /must look like/],
  ])('should refuse %s, saying why', (code, reason) => {
    expect(identityCodeProblem(code)).toMatch(reason);
  });
});
