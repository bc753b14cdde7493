/** Texts of the accounts screens (English, the reference). */
const accounts = {
  title: 'accounts',
} as const;

export default accounts;
