import { BINARY_SPECS, UNARY_SPECS } from '@plasticity/core';
import { describe, expect, it } from 'vitest';
import { gpuSafe } from './safe-expr';

describe('gpuSafe: spec WGSL made NaN- and domain-safe', () => {
  it('reads the truth of a number from its bits in the logical ops', () => {
    expect(gpuSafe(BINARY_SPECS.logicalAnd.wgsl)).toBe('truthy_f32(a) && truthy_f32(b)');
    expect(gpuSafe(BINARY_SPECS.logicalOr.wgsl)).toBe('truthy_f32(a) || truthy_f32(b)');
    expect(gpuSafe(BINARY_SPECS.logicalXor.wgsl)).toBe('truthy_f32(a) != truthy_f32(b)');
    expect(gpuSafe(UNARY_SPECS.logicalNot.wgsl)).toBe('!truthy_f32(x)');
  });

  it('tests NaN from the bits instead of x != x and x == x', () => {
    expect(gpuSafe(UNARY_SPECS.isnan.wgsl)).toBe('is_nan(x)');
    expect(gpuSafe(UNARY_SPECS.isfinite.wgsl)).toBe('(!is_nan(x)) && (abs(x) <= 3.4028234663852886e38)');
  });

  it('routes log, sqrt and inverseSqrt through helpers that give NaN outside their domain', () => {
    expect(gpuSafe(UNARY_SPECS.log.wgsl)).toBe('log_f32(x)');
    expect(gpuSafe(UNARY_SPECS.log1p.wgsl)).toBe('select(log_f32(1.0 + x), x - 0.5 * x * x, abs(x) < 1e-5)');
    expect(gpuSafe(UNARY_SPECS.sqrt.wgsl)).toBe('sqrt_f32(x)');
    expect(gpuSafe(UNARY_SPECS.rsqrt.wgsl)).toBe('rsqrt_f32(x)');
  });

  it('leaves other identifiers and comparisons alone', () => {
    expect(gpuSafe('catalog(x) + logx(y) + mysqrt(z)')).toBe('catalog(x) + logx(y) + mysqrt(z)');
    expect(gpuSafe('a != b')).toBe('a != b');
    expect(gpuSafe('select(a, b, a == 0.0)')).toBe('select(a, b, a == 0.0)');
    expect(gpuSafe('x != xs')).toBe('x != xs');
  });

  it('leaves no raw NaN-sensitive pattern in any spec', () => {
    const all = [...Object.values(UNARY_SPECS), ...Object.values(BINARY_SPECS)].map((s) => gpuSafe(s.wgsl));
    for (const e of all) {
      expect(e).not.toMatch(/\b(log|sqrt|inverseSqrt)\(/);
      expect(e).not.toMatch(/\(\s*\w+\s*!=\s*0\.0\s*\)/);
      expect(e).not.toMatch(/\b(\w+)\s*[!=]=\s*\1\b/);
    }
  });
});
