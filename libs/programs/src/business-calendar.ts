import Holidays from 'date-holidays';
import { DateTime } from 'luxon';
import { HolidayYear, ProgramPreset } from './program-preset';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Business days of one program: Monday to Friday in the program's time zone, less the full-day
 * public holidays of its country (date-holidays, type `public`, every day of a multi-day holiday),
 * the days off of the government's yearly arrangement (`holidayYears`) and the provider's own
 * closures, plus the arrangement's make-up working days (China's 调休, Vietnam's làm bù).
 */
export class BusinessCalendar {
  private readonly holidays: Holidays;
  private readonly closedByYear = new Map<number, Set<string>>();
  private readonly workingWeekendDays: Set<string>;
  private readonly arrangedDaysOff: readonly string[];

  constructor(private readonly preset: Pick<ProgramPreset, 'holidayCountry' | 'timeZone' | 'extraClosures' | 'extraWorkingDays' | 'ignoredHolidays' | 'holidayYears'>) {
    this.holidays = new Holidays(preset.holidayCountry);
    this.workingWeekendDays = new Set([...preset.extraWorkingDays, ...preset.holidayYears.flatMap((y) => y.workingDays)]);
    // A notice may reach into the next year (a New Year break from 30 December): days count by their own year.
    this.arrangedDaysOff = BusinessCalendar.expandDays(preset.holidayYears.flatMap((y) => y.daysOff));
  }

  /**
   * The days of a list of `YYYY-MM-DD` dates and inclusive `YYYY-MM-DD..YYYY-MM-DD` ranges, in order.
   * @throws RangeError for a date that does not exist or a range that ends before it starts.
   */
  static expandDays(entries: readonly string[]): string[] {
    const parse = (text: string) => {
      const day = DateTime.fromISO(text, { zone: 'UTC' });
      if (!DAY.test(text) || !day.isValid) throw new RangeError(`not a date: ${text}`);
      return day;
    };
    return entries.flatMap((entry) => {
      const [from, to = from] = entry.split('..');
      const [start, end] = [parse(from), parse(to)];
      if (end < start) throw new RangeError(`range ends before it starts: ${entry}`);
      const days: string[] = [];
      for (let day = start; day <= end; day = day.plus({ days: 1 })) days.push(day.toISODate()!);
      return days;
    });
  }

  /** The government's arrangement of `year` in the preset, if the preset has one (its `notice` is null while unpublished). */
  holidayYear(year: number): HolidayYear | undefined {
    return this.preset.holidayYears.find((y) => y.year === year);
  }

  /** Whether the local date `YYYY-MM-DD` is a business day. */
  isBusinessDay(localDate: string): boolean {
    const day = DateTime.fromISO(localDate, { zone: this.preset.timeZone });
    if (!day.isValid) throw new RangeError(`not a date: ${localDate}`);
    if (this.workingWeekendDays.has(localDate)) return true;
    if (day.weekday > 5) return false;
    return !this.closed(day.year).has(localDate);
  }

  /**
   * The due time of something submitted at `from` that must be handled within `days` business days:
   * the end (23:59:59.999 local) of the `days`-th business day after the local day of submission.
   * The day of submission does not count, so a Friday-evening application gets the same three
   * working days as a Monday-morning one. Returns a UTC Date.
   */
  dueAfterBusinessDays(from: Date, days: number): Date {
    let day = DateTime.fromJSDate(from, { zone: this.preset.timeZone }).startOf('day');
    let counted = 0;
    while (counted < days) {
      day = day.plus({ days: 1 });
      if (this.isBusinessDay(day.toISODate()!)) counted += 1;
    }
    return day.endOf('day').toUTC().toJSDate();
  }

  private closed(year: number): Set<string> {
    let set = this.closedByYear.get(year);
    if (!set) {
      set = new Set<string>();
      // A holiday may span days (Tết, Golden Week): every local date from its start to its end counts.
      for (const h of this.holidays.getHolidays(year).filter((h) => h.type === 'public' && !this.preset.ignoredHolidays.includes(h.name))) {
        const start = DateTime.fromJSDate(h.start, { zone: this.preset.timeZone });
        // A half-day holiday (starting at noon: Women's Day, Youth Day in China) is still a working day.
        if (start.hour !== 0) continue;
        let day = start.startOf('day');
        const end = DateTime.fromJSDate(h.end, { zone: this.preset.timeZone });
        do {
          set.add(day.toISODate()!);
          day = day.plus({ days: 1 });
        } while (day < end);
      }
      for (const d of [...this.arrangedDaysOff, ...this.preset.extraClosures]) if (d.startsWith(`${year}-`)) set.add(d);
      this.closedByYear.set(year, set);
    }
    return set;
  }
}
