// Interface text in Persian (default) and English, digits, and Jalali dates.
// Form labels and choices come from the server's models (config.form), so they
// share one translation with the rest of Mahalleh.

const STRINGS = {
  fa: {
    appTitle: "محله",
    tabAssignments: "مأموریت‌ها",
    tabVisits: "بازدیدها",
    tabNew: "بازدید تازه",
    tabSettings: "تنظیمات",
    online: "برخط",
    offline: "بی‌اینترنت",
    syncNow: "ارسال",
    syncing: "در حال ارسال…",
    signInTitle: "ورود بازدیدکننده",
    username: "نام کاربری",
    password: "گذرواژه",
    signIn: "ورود",
    signInFailed: "نام کاربری یا گذرواژه درست نیست.",
    signInOffline: "برای نخستین ورود اینترنت لازم است.",
    notVisitor: "این حساب اجازهٔ ثبت بازدید ندارد.",
    signInAgain: "نشست شما پایان یافته است؛ برای ارسال بازدیدها دوباره وارد شوید.",
    visitsTitle: "بازدیدهای من",
    noVisits: "هنوز بازدیدی ثبت نشده است.",
    waitingCount: (n) => `${n} بازدید در صف ارسال`,
    allSent: "همه ارسال شده است.",
    lastSync: (when) => `آخرین تماس موفق با سرور: ${when}`,
    retryIn: (s) => `تلاش دوباره تا ${s} ثانیهٔ دیگر`,
    stateWaiting: "در صف ارسال",
    statePhotos: "ارسال عکس‌ها",
    stateSent: "ارسال شد",
    stateRefused: "پذیرفته نشد",
    photosCount: (n) => `${n} عکس`,
    outside: "بیرون از محله‌های ثبت‌شده",
    newTitle: "بازدید تازه",
    location: "موقعیت",
    locating: "در حال یافتن موقعیت…",
    accuracy: (m) => `دقت: ± ${m} متر`,
    poorAccuracy: (m, limit) => `دقت موقعیت (${m} متر) از ${limit} متر بدتر است.`,
    retryGps: "دوباره بگیر",
    acceptGps: "همین را بپذیر",
    getLocation: "گرفتن موقعیت",
    gpsDenied: "اجازهٔ دسترسی به موقعیت داده نشده است. آن را در تنظیمات مرورگر روشن کنید.",
    gpsFailed: "موقعیت پیدا نشد. در فضای باز دوباره امتحان کنید.",
    seemsIn: (name) => `به نظر می‌رسد در «${name}» است (تصمیم با سرور است).`,
    seemsOutside: "به نظر می‌رسد بیرون از محله‌های ثبت‌شده است.",
    visitTime: "زمان بازدید",
    indicators: "آنچه دیدید",
    yes: "بله",
    no: "خیر",
    unknown: "ندیدم",
    harms: "آسیب‌های اجتماعی دیده‌شده",
    pprHint: "مثلاً ۲٫۵",
    pprInvalid: "عددی میان ۰ تا ۵۰ بنویسید.",
    partnersMet: "شریکانی که دیدید",
    seenWorking: "کدام‌یک از این کارهای انجام‌شده را دیدید که کار می‌کند؟",
    partnersFilter: "جست‌وجوی نام",
    noPartners: "شریکی در این نزدیکی ثبت نشده است.",
    metres: (m) => `${m} متر`,
    km: (k) => `${k} کیلومتر`,
    photos: "عکس‌ها",
    addPhoto: "گرفتن یا افزودن عکس",
    removePhoto: "حذف عکس",
    photoFailed: "این پرونده عکس نیست یا خوانده نشد.",
    notes: "یادداشت (دربارهٔ مکان، نه افراد)",
    save: "ذخیره در گوشی",
    needLocation: "نخست موقعیت را بگیرید یا بپذیرید.",
    saved: "بازدید در گوشی ذخیره شد و هنگام اتصال ارسال می‌شود.",
    settingsTitle: "تنظیمات",
    language: "زبان",
    signedInAs: (u) => `واردشده با نام ${u}`,
    gpsThreshold: (m) => `هشدار دقت موقعیت: بدتر از ${m} متر`,
    signOut: "خروج",
    signOutWaiting: (n) => `${n} بازدید هنوز ارسال نشده است. پس از خروج در گوشی می‌ماند و با ورود دوباره ارسال می‌شود. خارج می‌شوید؟`,
    version: "نسخهٔ برنامه:",
    dataAge: (when) => `فهرست محله‌ها و شریکان: ${when}`,
    dataNone: "فهرست محله‌ها و شریکان هنوز دریافت نشده است.",
    review_received: "در انتظار بررسی",
    review_has_issues: "نیاز به اصلاح",
    review_approved: "تأیید شد",
    review_rejected: "رد شد",
    review_edited: "اصلاح‌شده به دست سرپرست",
    reviewNote: (note) => `یادداشت سرپرست: ${note}`,
    storagePersisted: "حافظهٔ ماندگار: روشن (مرورگر بازدیدهای ارسال‌نشده را پاک نمی‌کند).",
    storageNotPersisted: "حافظهٔ ماندگار: خاموش. مرورگر ممکن است هنگام کمبود جا بازدیدهای ارسال‌نشده را پاک کند؛ زود ارسال کنید.",
    storageUsage: (used, quota) => `جای به‌کاررفته: ${used} از ${quota} مگابایت`,
    storageAtRisk: "حافظهٔ این گوشی ماندگار نیست: بازدیدهای ارسال‌نشده در خطرند. هرچه زودتر ارسال کنید.",
    storageNearlyFull: "حافظهٔ برنامه نزدیک به پر شدن است: بازدیدها را ارسال کنید تا جا باز شود.",
    storageFull: "جای خالی گوشی تمام شده است؛ بازدید ذخیره نشد. نخست بازدیدها را ارسال کنید یا جا باز کنید.",
    saveFailed: (why) => `بازدید ذخیره نشد: ${why}`,
    answerSupervisor: "پاسخ به سرپرست و اصلاح",
    fixTitle: "اصلاح بازدید",
    reply: "پاسخ شما به سرپرست",
    sendCorrection: "ذخیرهٔ اصلاح در گوشی و ارسال",
    correctionSaved: "اصلاح در گوشی ذخیره شد و هنگام اتصال ارسال می‌شود.",
    change_correction_waiting: "اصلاح در صف ارسال",
    change_correction_refused: "اصلاح پذیرفته نشد",
    change_comment_waiting: "پاسخ در صف ارسال",
    change_comment_refused: "پاسخ پذیرفته نشد",
    change_decline_waiting: "نپذیرفتن در صف ارسال",
    change_decline_refused: "نپذیرفتن ثبت نشد",
    assignmentsTitle: "مأموریت‌های من",
    assignmentsAge: (when) => `به‌روز تا ${when}`,
    noAssignments: "مأموریت بازی ندارید. بازدید تازه را از زبانهٔ «بازدید تازه» ثبت کنید.",
    assignmentsMap: "نقشهٔ محله‌های مأموریت‌های من",
    assignment_assigned: "سپرده‌شده",
    assignment_in_progress: "در حال انجام",
    overdue: "دیرکرد",
    dueBy: (day) => `مهلت: ${day}`,
    progress: (done, target) => `${done} از ${target} بازدید`,
    startVisit: "شروع بازدید",
    decline: "نمی‌توانم",
    declineReason: "چرا نمی‌توانید؟",
    declineSend: "ثبت و ارسال",
    declineNeedsReason: "بنویسید چرا نمی‌توانید.",
    declineSaved: "در گوشی ذخیره شد و هنگام اتصال ارسال می‌شود.",
    declineWaiting: "نپذیرفتن در صف ارسال",
  },
  en: {
    appTitle: "Mahalleh",
    tabAssignments: "Assignments",
    tabVisits: "Visits",
    tabNew: "New visit",
    tabSettings: "Settings",
    online: "Online",
    offline: "Offline",
    syncNow: "Send",
    syncing: "Sending…",
    signInTitle: "Field visitor sign-in",
    username: "Username",
    password: "Password",
    signIn: "Sign in",
    signInFailed: "Wrong username or password.",
    signInOffline: "The first sign-in needs the internet.",
    notVisitor: "This account may not record visits.",
    signInAgain: "Your session has ended; sign in again to send your visits.",
    visitsTitle: "My visits",
    noVisits: "No visits recorded yet.",
    waitingCount: (n) => `${n} visit(s) waiting to be sent`,
    allSent: "Everything has been sent.",
    lastSync: (when) => `Last reached the server: ${when}`,
    retryIn: (s) => `Retrying within ${s} s`,
    stateWaiting: "Waiting",
    statePhotos: "Sending photos",
    stateSent: "Sent",
    stateRefused: "Refused",
    photosCount: (n) => `${n} photo(s)`,
    outside: "Outside every recorded neighbourhood",
    newTitle: "New visit",
    location: "Location",
    locating: "Finding your location…",
    accuracy: (m) => `Accuracy: ± ${m} m`,
    poorAccuracy: (m, limit) => `The location is only accurate to ${m} m (worse than ${limit} m).`,
    retryGps: "Try again",
    acceptGps: "Accept it",
    getLocation: "Get location",
    gpsDenied: "Location access is blocked. Allow it in the browser settings.",
    gpsFailed: "No location found. Try again in the open.",
    seemsIn: (name) => `Seems to be in “${name}” (the server decides).`,
    seemsOutside: "Seems to be outside every recorded neighbourhood.",
    visitTime: "Visit time",
    indicators: "What you saw",
    yes: "Yes",
    no: "No",
    unknown: "Not seen",
    harms: "Social harms observed",
    pprHint: "e.g. 2.5",
    pprInvalid: "Enter a number from 0 to 50.",
    partnersMet: "Partners met",
    seenWorking: "Which of these delivered interventions did you see working?",
    partnersFilter: "Search by name",
    noPartners: "No partner is registered nearby.",
    metres: (m) => `${m} m`,
    km: (k) => `${k} km`,
    photos: "Photos",
    addPhoto: "Take or add a photo",
    removePhoto: "Remove photo",
    photoFailed: "That file is not a photo or could not be read.",
    notes: "Notes (about the place, not people)",
    save: "Save on this phone",
    needLocation: "Get or accept a location first.",
    saved: "Visit saved on this phone; it is sent when there is a connection.",
    settingsTitle: "Settings",
    language: "Language",
    signedInAs: (u) => `Signed in as ${u}`,
    gpsThreshold: (m) => `Location warning: worse than ${m} m`,
    signOut: "Sign out",
    signOutWaiting: (n) => `${n} visit(s) are not sent yet. They stay on this phone and are sent when you sign in again. Sign out?`,
    version: "App version:",
    dataAge: (when) => `Neighbourhood and partner lists: ${when}`,
    dataNone: "The neighbourhood and partner lists have not been downloaded yet.",
    review_received: "Waiting for review",
    review_has_issues: "Needs a correction",
    review_approved: "Approved",
    review_rejected: "Rejected",
    review_edited: "Corrected by a supervisor",
    reviewNote: (note) => `Supervisor's note: ${note}`,
    storagePersisted: "Persistent storage: on (the browser will not clear unsent visits).",
    storageNotPersisted: "Persistent storage: off. The browser may clear unsent visits when space runs low; send them soon.",
    storageUsage: (used, quota) => `Space used: ${used} of ${quota} MB`,
    storageAtRisk: "This phone's storage is not persistent: unsent visits are at risk. Send them soon.",
    storageNearlyFull: "The app's storage is nearly full: send your visits to free space.",
    storageFull: "The phone is out of space; the visit was not saved. Send your visits or free some space first.",
    saveFailed: (why) => `The visit was not saved: ${why}`,
    answerSupervisor: "Answer the supervisor and correct",
    fixTitle: "Correct a visit",
    reply: "Your answer to the supervisor",
    sendCorrection: "Save the correction on the phone and send",
    correctionSaved: "The correction is saved on the phone and will be sent when online.",
    change_correction_waiting: "Correction waiting to be sent",
    change_correction_refused: "Correction refused",
    change_comment_waiting: "Answer waiting to be sent",
    change_comment_refused: "Answer refused",
    change_decline_waiting: "Declining waiting to be sent",
    change_decline_refused: "Declining refused",
    assignmentsTitle: "My assignments",
    assignmentsAge: (when) => `As of ${when}`,
    noAssignments: "No open assignments. Record a visit from the New visit tab.",
    assignmentsMap: "Map of my assignments' neighbourhoods",
    assignment_assigned: "Assigned",
    assignment_in_progress: "In progress",
    overdue: "Overdue",
    dueBy: (day) => `Due ${day}`,
    progress: (done, target) => `${done} of ${target} visits`,
    startVisit: "Start a visit",
    decline: "I cannot",
    declineReason: "Why can you not do it?",
    declineSend: "Save and send",
    declineNeedsReason: "Say why you cannot do it.",
    declineSaved: "Saved on the phone; it will be sent when online.",
    declineWaiting: "Declining waiting to be sent",
  },
};

const LANG_KEY = "mahalleh.lang";
let current = localStorage.getItem(LANG_KEY) === "en" ? "en" : "fa";

export function lang() {
  return current;
}

export function setLang(value) {
  current = value === "en" ? "en" : "fa";
  localStorage.setItem(LANG_KEY, current);
  document.documentElement.lang = current;
  document.documentElement.dir = current === "fa" ? "rtl" : "ltr";
}

/** The text for key in the current language; functions take arguments. */
export function t(key, ...args) {
  const value = STRINGS[current][key] ?? STRINGS.fa[key] ?? key;
  return typeof value === "function" ? localDigits(value(...args.map(String))) : value;
}

const PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
const ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";

/** Persian and Arabic-Indic digits (and separators) to Latin, for parsing. */
export function latinDigits(text) {
  return String(text)
    .replace(/[۰-۹]/g, (d) => String(PERSIAN.indexOf(d)))
    .replace(/[٠-٩]/g, (d) => String(ARABIC_INDIC.indexOf(d)))
    .replace(/[٫,،]/g, ".")
    .replace(/٬/g, "");
}

/** Latin digits to Persian when the interface is Persian. */
export function localDigits(text) {
  return current === "fa" ? String(text).replace(/[0-9]/g, (d) => PERSIAN[d]) : String(text);
}

/** A decimal number typed with any digits, or NaN. */
export function parseNumber(text) {
  const cleaned = latinDigits(text).trim();
  return /^[+-]?(\d+\.?\d*|\.\d+)$/.test(cleaned) ? Number(cleaned) : NaN;
}

/** A date and time in the Jalali calendar, Tehran time, in the current language. */
export function jalali(value) {
  const locale = current === "fa" ? "fa-IR-u-ca-persian-nu-arabext" : "en-GB-u-ca-persian";
  const text = new Intl.DateTimeFormat(locale, {
    dateStyle: "medium",
    timeStyle: "short",
    timeZone: "Asia/Tehran",
  }).format(new Date(value));
  return localDigits(text); // some ICU patterns keep Latin digits for the day
}
