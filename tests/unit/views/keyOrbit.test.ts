import { describe, expect, it } from 'vitest';
import { CAMERA_BOUNDS } from '../../../src/url/table';
import { orbitByKey } from '../../../src/views/surface3d/keyOrbit';

describe('orbitByKey', () => {
  it('turns the azimuth with ←/→ and wraps it at ±180°', () => {
    expect(orbitByKey([40, 25, 4.2], 'ArrowRight', false)).toEqual([45, 25, 4.2]);
    expect(orbitByKey([40, 25, 4.2], 'ArrowLeft', true)).toEqual([25, 25, 4.2]);
    expect(orbitByKey([178, 25, 4.2], 'ArrowRight', false)).toEqual([-177, 25, 4.2]);
    expect(orbitByKey([-178, 25, 4.2], 'ArrowLeft', false)).toEqual([177, 25, 4.2]);
  });
  it('raises and lowers the camera with ↑/↓ within the link bounds', () => {
    expect(orbitByKey([40, 25, 4.2], 'ArrowUp', false)).toEqual([40, 30, 4.2]);
    expect(orbitByKey([40, CAMERA_BOUNDS[1]![1] - 1, 4.2], 'ArrowUp', false)![1]).toBe(CAMERA_BOUNDS[1]![1]);
    expect(orbitByKey([40, CAMERA_BOUNDS[1]![0] + 1, 4.2], 'ArrowDown', true)![1]).toBe(CAMERA_BOUNDS[1]![0]);
  });
  it('zooms with + and − within the distance bounds, and ignores other keys', () => {
    expect(orbitByKey([40, 25, 4.4], '+', false)).toEqual([40, 25, 4]);
    expect(orbitByKey([40, 25, 4], '-', false)).toEqual([40, 25, 4.4]);
    expect(orbitByKey([40, 25, CAMERA_BOUNDS[2]![0]], '+', true)![2]).toBe(CAMERA_BOUNDS[2]![0]);
    expect(orbitByKey([40, 25, CAMERA_BOUNDS[2]![1]], '-', true)![2]).toBe(CAMERA_BOUNDS[2]![1]);
    expect(orbitByKey([40, 25, 4.2], 'a', false)).toBeNull();
  });
});
