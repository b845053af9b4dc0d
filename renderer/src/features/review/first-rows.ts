/** Rows opened first at app start: more than fit the tallest list (900px of 72px rows, plus overscan). */
export const FIRST_ROWS = 48;
