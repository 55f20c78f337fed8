import fc from 'fast-check';
import { PersistentMap } from '../../src/shared/persistent-map';

const KEYS = ['a', 'b', 'c', 'd', 'e', '__proto__'];

/** One step: from which earlier version (an index, wrapped), which key, which value. */
const step = fc.record({
  from: fc.nat(),
  key: fc.constantFrom(...KEYS),
  value: fc.integer({ min: 0, max: 5 }),
});

describe('PersistentMap', () => {
  it('every version reads as a Map copied at each set would, whichever version is set next', () => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 60 }), fc.boolean(), (steps, mostlyNewest) => {
        const versions = [PersistentMap.empty<string, number>()];
        const models = [new Map<string, number>()];
        for (const { from, key, value } of steps) {
          // Half the runs mostly extend the newest version, as a command handler does.
          const at = mostlyNewest && from % 4 !== 0 ? versions.length - 1 : from % versions.length;
          versions.push(versions[at].set(key, value));
          models.push(new Map(models[at]).set(key, value));
        }
        versions.forEach((version, i) => {
          expect(version.size).toBe(models[i].size);
          for (const key of KEYS) {
            expect(version.has(key)).toBe(models[i].has(key));
            expect(version.get(key)).toBe(models[i].get(key));
          }
        });
      }),
      { numRuns: 300 },
    );
  });

  it('a set leaves the version it was made from unchanged', () => {
    const one = PersistentMap.empty<string, string>().set('x', '1');
    const two = one.set('x', '2').set('y', '3');
    expect([one.get('x'), one.has('y'), one.size]).toEqual(['1', false, 1]);
    expect([two.get('x'), two.get('y'), two.size]).toEqual(['2', '3', 2]);
    // A branch from the older version does not see the newer one's entries, nor they its.
    const branch = one.set('z', '4');
    expect([branch.has('y'), two.has('z'), branch.get('x')]).toEqual([false, false, '1']);
  });
});
