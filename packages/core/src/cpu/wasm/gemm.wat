;; Single-precision GEMM for WebAssembly SIMD (f32x4): C[m×n] = A[m×k] · B[k×n].
;;
;; Assembled by packages/core/scripts/build-wasm.mjs into gemm-wasm.gen.ts; edit this file, not that one.
;;
;; Contract
;;   - The module owns and exports its `memory` (one page to start, no maximum). The caller grows it to
;;     hold A, B and C, then calls `gemm`; A, B and C are row-major, contiguous f32 at byte offsets aPtr,
;;     bPtr and cPtr (4-byte aligned; 16 is better), and C must not overlap A or B.
;;   - C is overwritten, not accumulated into. k = 0 yields zeros.
;;   - The kernel needs 128 + 32·k bytes of scratch, which it puts at the first 16-byte boundary past the
;;     highest of A, B and C. It grows memory itself if that is missing (a caller that already left room
;;     avoids the grow, which would detach its views of `memory.buffer`); it traps if growth fails.
;;   - Sums are accumulated in f32 (f32x4 lanes), not f64, so results differ from a double-precision
;;     reference by ordinary float32 rounding, growing roughly like sqrt(k)·ε·Σ|a·b|.
;;
;; Scheme
;;   For each panel of 8 columns of B, copy the panel into scratch as k rows of 8 contiguous floats
;;   (zero-padded past column n), so the inner loop reads B sequentially from L1. Then, for each block of
;;   4 rows of A, a 4×8 micro-kernel keeps C's tile in eight v128 accumulators: per step of k it loads the
;;   panel row (two v128), broadcasts one A element per row (v128.load32_splat) and does 8 mul + 8 add,
;;   i.e. 64 flops for 6 loads. The k loop is unrolled by two.
;;   Ragged edges need no second kernel: past row m the A row pointers are clamped to row m-1 (the extra
;;   rows are computed and dropped), past column n the panel holds zeros, and a partial tile goes through
;;   a 4×8 scratch tile from which only the valid elements are copied to C.
(module
  (memory (export "memory") 1)

  (func (export "gemm")
    (param $a i32) (param $b i32) (param $c i32) (param $m i32) (param $n i32) (param $k i32)
    (local $tile i32) (local $panel i32) (local $t i32)
    (local $rowB i32) (local $rowA i32) (local $rowC i32) (local $kBytes i32) (local $kEven i32)
    (local $j i32) (local $nr i32) (local $i i32) (local $mr i32)
    (local $p i32) (local $q i32) (local $src i32) (local $dst i32) (local $r i32) (local $cc i32)
    (local $a0 i32) (local $a1 i32) (local $a2 i32) (local $a3 i32) (local $last i32)
    (local $c00 v128) (local $c01 v128) (local $c10 v128) (local $c11 v128)
    (local $c20 v128) (local $c21 v128) (local $c30 v128) (local $c31 v128)
    (local $b0 v128) (local $b1 v128) (local $x v128)

    (if (i32.or (i32.eqz (local.get $m)) (i32.eqz (local.get $n))) (then (return)))

    (local.set $rowA (i32.shl (local.get $k) (i32.const 2)))
    (local.set $rowB (i32.shl (local.get $n) (i32.const 2)))
    (local.set $rowC (local.get $rowB))
    (local.set $kBytes (local.get $rowA))
    ;; Bytes covered by the two-step unrolled loop; an odd k leaves one step for after it.
    (local.set $kEven (i32.and (local.get $kBytes) (i32.const -8)))

    ;; Scratch starts past the highest operand: tile (128 bytes), then the packed panel (32·k bytes).
    (local.set $tile (i32.add (local.get $a) (i32.mul (local.get $m) (local.get $rowA))))
    (local.set $t (i32.add (local.get $b) (i32.mul (local.get $k) (local.get $rowB))))
    (if (i32.gt_u (local.get $t) (local.get $tile)) (then (local.set $tile (local.get $t))))
    (local.set $t (i32.add (local.get $c) (i32.mul (local.get $m) (local.get $rowC))))
    (if (i32.gt_u (local.get $t) (local.get $tile)) (then (local.set $tile (local.get $t))))
    (local.set $tile (i32.and (i32.add (local.get $tile) (i32.const 15)) (i32.const -16)))
    (local.set $panel (i32.add (local.get $tile) (i32.const 128)))
    ;; Pages needed for the end of the panel, rounded up.
    (local.set $t
      (i32.shr_u
        (i32.add (i32.add (local.get $panel) (i32.shl (local.get $k) (i32.const 5))) (i32.const 65535))
        (i32.const 16)))
    (if (i32.gt_u (local.get $t) (memory.size))
      (then
        (if (i32.eq (memory.grow (i32.sub (local.get $t) (memory.size))) (i32.const -1))
          (then (unreachable)))))

    (local.set $last (i32.add (local.get $a) (i32.mul (i32.sub (local.get $m) (i32.const 1)) (local.get $rowA))))

    (local.set $j (i32.const 0))
    (loop $panels
      ;; nr = min(8, n - j) valid columns in this panel.
      (local.set $nr (i32.sub (local.get $n) (local.get $j)))
      (if (i32.gt_u (local.get $nr) (i32.const 8)) (then (local.set $nr (i32.const 8))))

      ;; Pack B[:, j..j+8) into the panel.
      (local.set $src (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 2))))
      (local.set $dst (local.get $panel))
      (local.set $q (i32.add (local.get $panel) (i32.shl (local.get $k) (i32.const 5))))
      (if (i32.eq (local.get $nr) (i32.const 8))
        (then
          (block $packed
            (loop $pack
              (br_if $packed (i32.ge_u (local.get $dst) (local.get $q)))
              (v128.store (local.get $dst) (v128.load (local.get $src)))
              (v128.store offset=16 (local.get $dst) (v128.load offset=16 (local.get $src)))
              (local.set $src (i32.add (local.get $src) (local.get $rowB)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
              (br $pack))))
        (else
          (block $packed
            (loop $pack
              (br_if $packed (i32.ge_u (local.get $dst) (local.get $q)))
              (v128.store (local.get $dst) (v128.const i32x4 0 0 0 0))
              (v128.store offset=16 (local.get $dst) (v128.const i32x4 0 0 0 0))
              (local.set $cc (i32.const 0))
              (loop $col
                (f32.store (i32.add (local.get $dst) (local.get $cc))
                  (f32.load (i32.add (local.get $src) (local.get $cc))))
                (local.set $cc (i32.add (local.get $cc) (i32.const 4)))
                (br_if $col (i32.lt_u (local.get $cc) (i32.shl (local.get $nr) (i32.const 2)))))
              (local.set $src (i32.add (local.get $src) (local.get $rowB)))
              (local.set $dst (i32.add (local.get $dst) (i32.const 32)))
              (br $pack)))))

      (local.set $i (i32.const 0))
      (loop $rows
        (local.set $mr (i32.sub (local.get $m) (local.get $i)))
        (if (i32.gt_u (local.get $mr) (i32.const 4)) (then (local.set $mr (i32.const 4))))
        ;; Row pointers into A, clamped to the last row so a partial block reads valid memory.
        (local.set $a0 (i32.add (local.get $a) (i32.mul (local.get $i) (local.get $rowA))))
        (local.set $a1 (i32.add (local.get $a0) (local.get $rowA)))
        (if (i32.gt_u (local.get $a1) (local.get $last)) (then (local.set $a1 (local.get $last))))
        (local.set $a2 (i32.add (local.get $a1) (local.get $rowA)))
        (if (i32.gt_u (local.get $a2) (local.get $last)) (then (local.set $a2 (local.get $last))))
        (local.set $a3 (i32.add (local.get $a2) (local.get $rowA)))
        (if (i32.gt_u (local.get $a3) (local.get $last)) (then (local.set $a3 (local.get $last))))

        (local.set $c00 (v128.const i32x4 0 0 0 0))
        (local.set $c01 (v128.const i32x4 0 0 0 0))
        (local.set $c10 (v128.const i32x4 0 0 0 0))
        (local.set $c11 (v128.const i32x4 0 0 0 0))
        (local.set $c20 (v128.const i32x4 0 0 0 0))
        (local.set $c21 (v128.const i32x4 0 0 0 0))
        (local.set $c30 (v128.const i32x4 0 0 0 0))
        (local.set $c31 (v128.const i32x4 0 0 0 0))

        ;; $p walks A's rows in bytes, $q walks the panel.
        (local.set $p (i32.const 0))
        (local.set $q (local.get $panel))
        (block $done
          (loop $steps
            (br_if $done (i32.ge_u (local.get $p) (local.get $kEven)))
            (local.set $b0 (v128.load (local.get $q)))
            (local.set $b1 (v128.load offset=16 (local.get $q)))
            (local.set $x (v128.load32_splat (i32.add (local.get $a0) (local.get $p))))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $a1) (local.get $p))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $a2) (local.get $p))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $a3) (local.get $p))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))

            (local.set $b0 (v128.load offset=32 (local.get $q)))
            (local.set $b1 (v128.load offset=48 (local.get $q)))
            (local.set $x (v128.load32_splat offset=4 (i32.add (local.get $a0) (local.get $p))))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat offset=4 (i32.add (local.get $a1) (local.get $p))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat offset=4 (i32.add (local.get $a2) (local.get $p))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat offset=4 (i32.add (local.get $a3) (local.get $p))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))

            (local.set $p (i32.add (local.get $p) (i32.const 8)))
            (local.set $q (i32.add (local.get $q) (i32.const 64)))
            (br $steps)))
        ;; The odd step, when k is odd.
        (if (i32.lt_u (local.get $p) (local.get $kBytes))
          (then
            (local.set $b0 (v128.load (local.get $q)))
            (local.set $b1 (v128.load offset=16 (local.get $q)))
            (local.set $x (v128.load32_splat (i32.add (local.get $a0) (local.get $p))))
            (local.set $c00 (f32x4.add (local.get $c00) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c01 (f32x4.add (local.get $c01) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $a1) (local.get $p))))
            (local.set $c10 (f32x4.add (local.get $c10) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c11 (f32x4.add (local.get $c11) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $a2) (local.get $p))))
            (local.set $c20 (f32x4.add (local.get $c20) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c21 (f32x4.add (local.get $c21) (f32x4.mul (local.get $x) (local.get $b1))))
            (local.set $x (v128.load32_splat (i32.add (local.get $a3) (local.get $p))))
            (local.set $c30 (f32x4.add (local.get $c30) (f32x4.mul (local.get $x) (local.get $b0))))
            (local.set $c31 (f32x4.add (local.get $c31) (f32x4.mul (local.get $x) (local.get $b1))))))

        ;; Write the tile: straight to C when whole, else via the scratch tile, element by element.
        (local.set $dst
          (i32.add (local.get $c)
            (i32.shl (i32.add (i32.mul (local.get $i) (local.get $n)) (local.get $j)) (i32.const 2))))
        (if (i32.and (i32.eq (local.get $mr) (i32.const 4)) (i32.eq (local.get $nr) (i32.const 8)))
          (then
            (v128.store (local.get $dst) (local.get $c00))
            (v128.store offset=16 (local.get $dst) (local.get $c01))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowC)))
            (v128.store (local.get $dst) (local.get $c10))
            (v128.store offset=16 (local.get $dst) (local.get $c11))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowC)))
            (v128.store (local.get $dst) (local.get $c20))
            (v128.store offset=16 (local.get $dst) (local.get $c21))
            (local.set $dst (i32.add (local.get $dst) (local.get $rowC)))
            (v128.store (local.get $dst) (local.get $c30))
            (v128.store offset=16 (local.get $dst) (local.get $c31)))
          (else
            (v128.store offset=0 (local.get $tile) (local.get $c00))
            (v128.store offset=16 (local.get $tile) (local.get $c01))
            (v128.store offset=32 (local.get $tile) (local.get $c10))
            (v128.store offset=48 (local.get $tile) (local.get $c11))
            (v128.store offset=64 (local.get $tile) (local.get $c20))
            (v128.store offset=80 (local.get $tile) (local.get $c21))
            (v128.store offset=96 (local.get $tile) (local.get $c30))
            (v128.store offset=112 (local.get $tile) (local.get $c31))
            (local.set $src (local.get $tile))
            (local.set $r (i32.const 0))
            (loop $tileRows
              (local.set $cc (i32.const 0))
              (loop $tileCols
                (f32.store (i32.add (local.get $dst) (local.get $cc))
                  (f32.load (i32.add (local.get $src) (local.get $cc))))
                (local.set $cc (i32.add (local.get $cc) (i32.const 4)))
                (br_if $tileCols (i32.lt_u (local.get $cc) (i32.shl (local.get $nr) (i32.const 2)))))
              (local.set $src (i32.add (local.get $src) (i32.const 32)))
              (local.set $dst (i32.add (local.get $dst) (local.get $rowC)))
              (local.set $r (i32.add (local.get $r) (i32.const 1)))
              (br_if $tileRows (i32.lt_u (local.get $r) (local.get $mr))))))

        (local.set $i (i32.add (local.get $i) (i32.const 4)))
        (br_if $rows (i32.lt_u (local.get $i) (local.get $m))))

      (local.set $j (i32.add (local.get $j) (i32.const 8)))
      (br_if $panels (i32.lt_u (local.get $j) (local.get $n))))))
