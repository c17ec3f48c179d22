/**
 * One rewrite of a spec's WGSL: IEEE-correct text that a GPU may still get wrong, and its safe form.
 * `replacement` calls helpers from the kernel prelude (see `prelude` in ../wgsl.ts).
 */
export interface SafeRewrite {
  readonly pattern: RegExp;
  readonly replacement: string;
  /** What goes wrong with the original on a GPU. */
  readonly why: string;
}

const IDENT = '([A-Za-z_]\\w*)';

/**
 * The GPU-safe replacements applied to every f32 spec expression, in order. Core's specs are written
 * for IEEE arithmetic, but WGSL leaves out-of-domain transcendentals indeterminate, and SwiftShader
 * compiles as if no value were NaN or ±Infinity, so comparisons involving NaN are folded or wrong.
 * The replacements decide those cases from the bit pattern instead. Keep this table in step with
 * /work/notes/core-bugs.md, which proposes the same expressions for the specs themselves.
 */
export const GPU_SAFE_REWRITES: readonly SafeRewrite[] = [
  {
    pattern: /\blog\(/g,
    replacement: 'log_f32(',
    why: 'log of a negative number is indeterminate in WGSL (SwiftShader gives log|x|); JS gives NaN',
  },
  {
    pattern: /\bsqrt\(/g,
    replacement: 'sqrt_f32(',
    why: 'sqrt of a negative number is indeterminate in WGSL; JS gives NaN',
  },
  {
    pattern: /\binverseSqrt\(/g,
    replacement: 'rsqrt_f32(',
    why: 'inverseSqrt of a negative number or of 0 is indeterminate in WGSL; JS gives NaN and ±Infinity',
  },
  {
    // `(a != 0.0)`: the truth of a number (logicalAnd / Or / Xor).
    pattern: new RegExp(`\\(\\s*${IDENT}\\s*!=\\s*0\\.0\\s*\\)`, 'g'),
    replacement: 'truthy_f32($1)',
    why: 'NaN != 0 is true, but SwiftShader folds it to false, so NaN would read as false',
  },
  {
    // A whole expression `x == 0.0`: falsity (logicalNot).
    pattern: new RegExp(`^\\s*${IDENT}\\s*==\\s*0\\.0\\s*$`),
    replacement: '!truthy_f32($1)',
    why: 'NaN == 0 is false, which a compiler assuming no NaN need not preserve',
  },
  {
    pattern: new RegExp(`\\b${IDENT}\\s*!=\\s*\\1\\b`, 'g'),
    replacement: 'is_nan($1)',
    why: 'x != x is folded to false by a compiler assuming no NaN',
  },
  {
    pattern: new RegExp(`\\(\\s*${IDENT}\\s*==\\s*\\1\\s*\\)`, 'g'),
    replacement: '(!is_nan($1))',
    why: 'x == x is folded to true by a compiler assuming no NaN',
  },
];

/** `expr` (a spec's WGSL over f32 operands) with every {@link GPU_SAFE_REWRITES} entry applied. */
export function gpuSafe(expr: string): string {
  let out = expr;
  for (const r of GPU_SAFE_REWRITES) out = out.replace(r.pattern, r.replacement);
  return out;
}
