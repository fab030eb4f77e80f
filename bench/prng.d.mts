/** Mulberry32: a small seeded PRNG (bench/prng.mjs), shared by the benchmarks and the fuzz test. */
export declare function prng(seed: number): () => number;
