/**
 * The shape of a translation: the same keys as the English reference, every leaf a string.
 * A missing or extra key in vi or zh is a type error, so no screen shows a raw key.
 */
export type Texts<T> = { readonly [K in keyof T]: T[K] extends string ? string : Texts<T[K]> };
