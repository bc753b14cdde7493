/** Texts of the audit screens (English, the reference). */
const audit = {
  title: 'audit',
} as const;

export default audit;
