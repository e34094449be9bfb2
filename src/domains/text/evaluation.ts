/**
 * How the airline set's complaint reasons map onto the default customer-service themes, for the
 * evaluation (`npm run eval:text`). "Can't Tell" and tweets without a reason are left out.
 */
export const AIRLINE_REASON_THEMES: Readonly<Record<string, string>> = {
  'Customer Service Issue': 'responsiveness',
  longlines: 'responsiveness',
  'Flight Attendant Complaints': 'staff_attitude',
  'Late Flight': 'delivery_timeliness',
  'Cancelled Flight': 'cancellations_changes',
  'Lost Luggage': 'lost_damaged',
  'Damaged Luggage': 'lost_damaged',
  'Flight Booking Problems': 'booking_account',
  'Bad Flight': 'product_quality',
};
