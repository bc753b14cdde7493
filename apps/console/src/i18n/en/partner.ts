/** Texts of the partner screens (English, the reference). */
const partner = {
  title: 'partner',
} as const;

export default partner;
