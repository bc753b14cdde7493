/** Texts of the customer screens (English, the reference). */
const customer = {
  title: 'customer',
} as const;

export default customer;
