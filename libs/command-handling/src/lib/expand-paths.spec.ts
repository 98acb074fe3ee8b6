import { expandPaths } from './handle-command';

describe('personal field paths', () => {
  it('should expand a * to every element of the array there, and keep plain paths', () => {
    const data = {
      guardians: ['Mari'],
      scopes: [
        { kind: 'sector', value: 'school' },
        { kind: 'person', name: 'Mummo Liisa' },
      ],
    };
    expect(expandPaths(data, ['guardians', 'scopes.*.name'])).toEqual(['guardians', 'scopes.0.name', 'scopes.1.name']);
    expect(expandPaths({ scopes: 'sealed or erased' }, ['scopes.*.name'])).toEqual([]);
    expect(expandPaths({ plan: { actions: [{ who: 'Mari' }] } }, ['plan.actions.*.who'])).toEqual(['plan.actions.0.who']);
  });
});
