/** Texts of the review screens (English, the reference). */
const review = {
  title: 'review',
} as const;

export default review;
