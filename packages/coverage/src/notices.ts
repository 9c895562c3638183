/** Something the merge decided or could not decide that a user should see (a warning annotation or a note). */
export interface Notice {
  level: 'warning' | 'notice';
  message: string;
}
