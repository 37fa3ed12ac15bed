import type { OutboxReasonKind } from '../../domain/outbox-reasons.js';
// The web page's words, same keys in every language (Vietnamese first, copy-vi.md's tone for staff: brisk).
export interface WebCopy {
  lang: 'vi' | 'en';
  otherLang: string;
  nav: { overview: string; customers: string; birthdays: string; appointments: string; outbox: string; staff: string; audit: string; settings: string; import: string };
  logout: string;
  logoutAll: string;
  loggedInAs(p: { name: string; role: string }): string;
  roles: Record<'owner' | 'manager' | 'staff', string>;
  login: { title: string; intro: string; button: string; noToken: string; failed: string; loggedOut: string; loggedOutAll(p: { count: number }): string };
  notAllowed: string;
  notFound: string;
  badRequest: string;
  csrfFailed: string;
  overview: {
    title: string;
    newCustomers: string;
    visits: string;
    revenue: string;
    birthdays: string;
    segments: string;
    customersLabel: string;
    solar: string;
    lunar: string;
    messages: string;
    sent: string;
    failed: string;
    handedOff: string;
    week: string;
    channels: Record<string, string>;
    months: string[];
    tableCaption(p: { what: string }): string;
  };
  customers: {
    title: string;
    search: string;
    searchHint: string;
    branch: string;
    source: string;
    need: string;
    rank: string;
    segment: string;
    missing: string;
    any: string;
    missingFields: Record<'phone' | 'birthday' | 'email' | 'address', string>;
    sort: string;
    sorts: Record<'name' | 'newest' | 'last_visit', string>;
    apply: string;
    export: string;
    none: string;
    name: string;
    phone: string;
    birthday: string;
    complete: string;
    lastVisit: string;
    masked: string;
    previous: string;
    next: string;
    page(p: { n: number }): string;
  };
  card: {
    back: string;
    hidden: string;
    maskedIntro: string;
    fields: Record<'phone' | 'birthday' | 'lunarBirthday' | 'email' | 'gender' | 'address' | 'occupation' | 'source' | 'branch' | 'needs' | 'consent' | 'visits' | 'spent' | 'debt' | 'rank' | 'points', string>;
    genders: Record<'female' | 'male' | 'other', string>;
    yes: string;
    no: string;
    complete(p: { percent: number }): string;
    timeline: string;
    noEvents: string;
    event: {
      registered(p: { by: string }): string;
      consent(p: { purpose: string; granted: boolean; by: string }): string;
      visit(p: { service: string; amount: string; paid: boolean }): string;
      call(p: { content: string }): string;
      note(p: { kind: string; text: string }): string;
      appointment(p: { service: string; status: string }): string;
      message(p: { purpose: string; status: string }): string;
      /** A field changed on the card: by the customer herself (`byCustomer`) or by staff (named after it). */
      cardEdit(p: { field: string; from?: string; to?: string; byCustomer: boolean }): string;
      /** A photo kept on her card (issue 17), with its tag (or none yet). */
      photo(p: { tag: string }): string;
    };
    /** Her photos on the card: the section title, the tags, the thumbnail's alternative text. */
    photos: { title: string; tags: Record<'profile' | 'before' | 'after' | 'none', string>; alt(p: { tag: string; date: string }): string };
    money: {
      title: string;
      rank(p: { rank: string; spent: string; next?: string; missing?: string }): string;
      ranks: Record<'dong' | 'bac' | 'vang' | 'kim_cuong', string>;
      deposit(p: { balance: string; count: number }): string;
      packages: string;
      noPackages: string;
      packageLine(p: { service: string; left: number; total: number; expires: string; state: string }): string;
      packageStates: Record<'usable' | 'expired' | 'used_up', string>;
      kinds: Record<'visit' | 'package_sale' | 'sale' | 'payment' | 'deposit' | 'redeem', string>;
      entry(p: { kind: string; charged: string; paid: string; points: number }): string;
    };
    edit: string;
    field: string;
    value: string;
    save: string;
    saved: string;
    editRefused: string;
    /** Why an edit was refused, by the card-edit service's reason (never the typed value, never whose phone). */
    refusals: {
      invalid(p: { field: string }): string;
      notClearable(p: { field: string }): string;
      byKind: Record<'phone_taken' | 'managers_only' | 'no_such_staff' | 'referrer_not_found' | 'not_allowed' | 'unknown_field' | 'not_own_field', string>;
    };
  };
  appointments: {
    title: string;
    date: string;
    view: string;
    day: string;
    week: string;
    branch: string;
    allBranches: string;
    show: string;
    previous: string;
    next: string;
    technician: string;
    caption: string;
    none: string;
    summary(p: { count: number; from: string; to: string }): string;
    statuses: Record<'requested' | 'confirmed' | 'attended' | 'no_show' | 'cancelled', string>;
    /** Sunday first, as Date.getUTCDay counts. */
    weekdays: string[];
  };
  birthdays: { title: string; thisWeek: string; thisMonth: string; none: string; lunarMark: string; date: string };
  outbox: {
    title: string;
    views: Record<'failed' | 'pending' | 'sent' | 'handed_off' | 'cancelled', string>;
    purpose: string;
    customer: string;
    status: string;
    reason: string;
    due: string;
    attempts: string;
    retry: string;
    cancel: string;
    none: string;
    outcomes: Record<string, string>;
    purposes: Record<string, string>;
    statuses: Record<string, string>;
    /** What happened and what to do, in plain words (src/domain/outbox-reasons.ts). */
    reasons: Record<OutboxReasonKind, string>;
  };
  staff: { title: string; name: string; role: string; branch: string; chats: string; invites: string; noInvites: string; expires: string; allBranches: string };
  audit: { title: string; at: string; who: string; action: string; customer: string; channel: string; detail: string; none: string };
  importPage: {
    title: string;
    intro: string;
    file: string;
    fileHint: string;
    dryRun: string;
    submit: string;
    checked: string;
    done: string;
    summary(p: { rows: number; created: number; filled: number; unchanged: number; rejected: number; notes: number; dryRun: boolean }): string;
    noConsent: string;
    unknownColumns(p: { columns: string }): string;
    reportCaption(p: { shown: number; total: number }): string;
    missingColumns(p: { columns: string }): string;
    empty: string;
    unreadable: string;
    noFile: string;
  };
  settings: {
    title: string;
    intro: string;
    name: string;
    value: string;
    editableTitle: string;
    editableIntro: string;
    shownTitle: string;
    save: string;
    reset: string;
    fromFile: string;
    empty: string;
    changedFrom(p: { value: string }): string;
    saved(p: { name: string }): string;
    refused: Record<'not_allowed' | 'unknown' | 'invalid' | 'conflict', string>;
    visibility: Record<'own' | 'masked' | 'none', string>;
    labels: Partial<Record<string, string>>;
  };
  formatDate(d: Date, timeZone: string): string;
  formatDateTime(d: Date, timeZone: string): string;
}
