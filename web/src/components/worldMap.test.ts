import { describe, expect, it } from 'vitest';
import { clampAntimeridian } from './worldMap';

describe('world map geometry', () => {
  it('pulls the far side of a ring that crosses the antimeridian to the edge', () => {
    // Mostly east (Russia's Chukotka reaches -170°): the western points go to +180°.
    const ring = [[170, 65], [179, 66], [-175, 66], [-172, 64], [175, 63], [170, 65]];
    const clamped = clampAntimeridian(ring);
    expect(clamped.map((p) => p[0])).toEqual([170, 179, 180, 180, 175, 170]);
    expect(clamped.map((p) => p[1])).toEqual(ring.map((p) => p[1]));
    // No step of more than 180° is left.
    expect(clamped.every((p, i) => i === 0 || Math.abs(p[0] - clamped[i - 1][0]) <= 180)).toBe(true);
  });

  it('leaves other rings alone', () => {
    const senegal = [[-17, 14], [-12, 14], [-12, 16], [-17, 16], [-17, 14]];
    expect(clampAntimeridian(senegal)).toBe(senegal);
  });
});
