/**
 * What the demo requests say, in Persian: for each category of the national catalog how often it is called in
 * (relative weight, with a seasonal factor by Jalali month), what callers describe and what the unit writes when
 * it resolves the job; plus reasons, incidents, outages and the knowledge base.
 */

export interface CategoryScript {
  /** Relative share of registered requests (pipe bursts, leaks, low pressure and bills lead). */
  weight: number;
  /** Multiplier by Jalali month (1 = Farvardin). */
  season?: Partial<Record<number, number>>;
  /** How likely the caller is a subscriber whose account is looked up (vs. a passer-by). */
  subscriberShare: number;
  descriptions: readonly string[];
  resolutions: readonly string[];
}

const summer = { 3: 1.2, 4: 1.6, 5: 1.7, 6: 1.5, 7: 1.1 };
const winter = { 9: 1.2, 10: 1.5, 11: 1.5, 12: 1.3 };
const rainy = { 8: 1.2, 9: 1.3, 10: 1.2, 12: 1.2, 1: 1.3 };

export const categoryScripts: Readonly<Record<string, CategoryScript>> = {
  'water.main_break': {
    weight: 1.5,
    season: winter,
    subscriberShare: 0.2,
    descriptions: [
      'فوران شدید آب از زیر آسفالت خیابان؛ آب کل محله قطع یا کم‌فشار شده است',
      'شکستگی لوله اصلی؛ حجم زیادی آب در خیابان جاری است و ترافیک مختل شده',
      'آب با فشار از وسط بلوار بیرون می‌زند و آسفالت بالا آمده است',
    ],
    resolutions: [
      'خط اصلی مسدود، قطعه لوله آسیب‌دیده تعویض و پس از شستشوی شبکه آب‌رسانی برقرار شد',
      'محل حفاری، لوله چدنی با کوپلینگ تعمیری اصلاح و آب‌رسانی برقرار شد؛ ترمیم آسفالت به پیمانکار ابلاغ شد',
    ],
  },
  'water.pipe_burst': {
    weight: 10,
    season: winter,
    subscriberShare: 0.35,
    descriptions: [
      'آب از زیر آسفالت کوچه بیرون می‌زند و در کوچه جاری است',
      'لوله آب جلوی منزل ترکیده و آب در کوچه جاری است',
      'شکستگی لوله در پیاده‌رو؛ آب به زیرزمین ساختمان کناری نفوذ کرده است',
      'جوشش آب از کنار جدول خیابان از صبح امروز',
    ],
    resolutions: [
      'قطعه لوله پلی‌اتیلن شکسته تعویض و آب‌رسانی برقرار شد',
      'محل شکستگی حفاری و با بست تعمیری رفع نشت شد',
      'لوله فرسوده به طول سه متر تعویض شد؛ نوار حفاری موقتاً ترمیم شد',
    ],
  },
  'quality.contamination': {
    weight: 0.4,
    subscriberShare: 0.7,
    descriptions: [
      'آب لوله‌کشی بوی فاضلاب می‌دهد و چند نفر از اهالی دچار دل‌درد شده‌اند',
      'آب شیر کدر است و بوی نامطبوع دارد؛ احتمال اختلاط با فاضلاب',
    ],
    resolutions: [
      'نمونه‌برداری و آزمایش میکروبی انجام شد؛ محل اتصال آسیب‌دیده اصلاح، شبکه شستشو و کلرزنی شد',
      'کلر باقیمانده و کدورت اندازه‌گیری شد و در حد استاندارد بود؛ مخزن ساختمان نیاز به شستشو داشت و به مشترک اطلاع داده شد',
    ],
  },
  'sewer.overflow': {
    weight: 3,
    season: rainy,
    subscriberShare: 0.6,
    descriptions: [
      'پس‌زدگی فاضلاب در حیاط منزل',
      'فاضلاب از منهول وسط کوچه بیرون می‌زند',
      'سرریز فاضلاب به داخل زیرزمین ساختمان',
    ],
    resolutions: [
      'خط فاضلاب با دستگاه لایروبی باز و محل ضدعفونی شد',
      'گرفتگی خط فرعی با جت‌هیتر رفع و منهول شستشو داده شد',
    ],
  },
  'sewer.manhole_cover': {
    weight: 1.5,
    subscriberShare: 0.1,
    descriptions: [
      'دریچه منهول وسط خیابان شکسته و خطر سقوط عابر و خودرو وجود دارد',
      'درپوش منهول مفقود شده است؛ اهالی موقتاً با سنگ علامت‌گذاری کرده‌اند',
    ],
    resolutions: ['دریچه چدنی جدید نصب و اطراف آن بتن‌ریزی شد', 'دریچه شکسته تعویض و محل ایمن‌سازی شد'],
  },
  'sewer.collapse': {
    weight: 0.7,
    season: rainy,
    subscriberShare: 0.15,
    descriptions: [
      'نشست آسفالت در مسیر لوله فاضلاب؛ گودالی حدود یک متر ایجاد شده است',
      'ریزش بخشی از پیاده‌رو بالای خط فاضلاب',
    ],
    resolutions: [
      'محل حصارکشی، لوله فاضلاب آسیب‌دیده تعویض و خاک‌ریزی و کوبیدگی انجام شد',
      'حفره پر و لوله بتنی شکسته با لوله پلی‌اتیلن جایگزین شد',
    ],
  },
  'water.cut': {
    weight: 9,
    season: summer,
    subscriberShare: 0.8,
    descriptions: [
      'آب منزل از ساعت شش صبح قطع است و اطلاعیه‌ای داده نشده',
      'قطعی آب کل کوچه از دیشب',
      'آب طبقات بالا کاملاً قطع است',
      'آب منزل قطع است در حالی که همسایه‌ها آب دارند',
    ],
    resolutions: [
      'شیر قطع‌ووصل انشعاب بسته بود؛ باز و آب‌رسانی برقرار شد',
      'گرفتگی انشعاب رفع و آب وصل شد',
      'قطعی به علت تعمیرات شبکه بود؛ پس از اتمام کار آب‌رسانی برقرار شد',
    ],
  },
  'water.branch_leak': {
    weight: 12,
    subscriberShare: 0.75,
    descriptions: [
      'نشت آب از انشعاب جلوی درب منزل',
      'آب از محل انشعاب زیر پیاده‌رو نشت می‌کند و پیاده‌رو همیشه خیس است',
      'نشتی انشعاب همسایه روبه‌رو که چند روز است ادامه دارد',
    ],
    resolutions: [
      'انشعاب فرسوده گالوانیزه با لوله پلی‌اتیلن تعویض شد',
      'محل نشت انشعاب حفاری و اتصالات تعویض شد',
      'کمربند انشعاب تعویض و نشت برطرف شد',
    ],
  },
  'sewer.blockage': {
    weight: 9,
    season: rainy,
    subscriberShare: 0.8,
    descriptions: [
      'گرفتگی انشعاب فاضلاب منزل؛ آب کف‌شورها پایین نمی‌رود',
      'فاضلاب ساختمان مسکونی شش‌واحدی گرفته است',
      'گرفتگی خط فاضلاب کوچه و بوی نامطبوع',
    ],
    resolutions: [
      'انشعاب فاضلاب با فنر لوله‌بازکنی باز شد',
      'گرفتگی خط فرعی با دستگاه جت رفع شد؛ علت ریختن چربی و پسماند در فاضلاب به مشترک تذکر داده شد',
    ],
  },
  'water.low_pressure': {
    weight: 12,
    season: summer,
    subscriberShare: 0.85,
    descriptions: [
      'فشار آب در ساعات عصر بسیار کم است و به طبقه دوم نمی‌رسد',
      'افت شدید فشار آب در چند روز اخیر',
      'فشار آب کم است و آبگرمکن روشن نمی‌شود',
    ],
    resolutions: [
      'فشار در محل اندازه‌گیری شد (۱٫۸ بار)؛ شیر فشارشکن تنظیم و فشار به حد مجاز رسید',
      'افت فشار به علت مدیریت مصرف در ساعات اوج بود؛ به مشترک توصیه نصب مخزن و پمپ شد',
      'صافی کنتور گرفته بود؛ تمیز و فشار عادی شد',
    ],
  },
  'water.meter_leak': {
    weight: 6,
    subscriberShare: 0.95,
    descriptions: ['نشت آب از مهره کنتور', 'آب از اتصال پشت کنتور چکه می‌کند و جعبه کنتور پر از آب شده'],
    resolutions: ['واشر و مهره کنتور تعویض شد', 'اتصالات قبل از کنتور آب‌بندی شد'],
  },
  'water.valve_fault': {
    weight: 2,
    subscriberShare: 0.2,
    descriptions: ['شیر فلکه سر کوچه نشت دارد', 'دریچه شیر شبکه شکسته و آب از آن بیرون می‌زند'],
    resolutions: ['گلند شیر آب‌بندی و دریچه شیر تعویض شد', 'شیر کشویی فرسوده تعویض شد'],
  },
  'quality.taste_odour_colour': {
    weight: 1.5,
    season: summer,
    subscriberShare: 0.9,
    descriptions: ['طعم کلر آب زیاد است', 'آب شیر زردرنگ است', 'آب از دیروز بوی نامطبوع دارد'],
    resolutions: [
      'کلر باقیمانده اندازه‌گیری شد و در حد استاندارد بود؛ توضیحات لازم به مشترک داده شد',
      'شبکه محدوده از طریق شیر تخلیه شستشو داده شد',
    ],
  },
  'quality.turbidity': {
    weight: 1.5,
    season: rainy,
    subscriberShare: 0.85,
    descriptions: ['آب گل‌آلود است', 'پس از وصل شدن آب، آب کدر و گل‌آلود است'],
    resolutions: [
      'شبکه از شیر تخلیه شستشو داده شد و کدورت به حد استاندارد رسید',
      'گل‌آلودگی موقت ناشی از تعمیر شبکه بود و برطرف شد',
    ],
  },
  'meter.broken': {
    weight: 4,
    subscriberShare: 0.98,
    descriptions: ['کنتور کار نمی‌کند و ارقام آن ثابت مانده است', 'شیشه کنتور شکسته و ارقام خوانده نمی‌شود'],
    resolutions: ['کنتور معیوب تعویض و کارکرد دوره با میانگین مصرف محاسبه شد', 'کنتور آزمایش و تعویض شد'],
  },
  'meter.reading_dispute': {
    weight: 3,
    season: { 5: 1.3, 6: 1.3 },
    subscriberShare: 1,
    descriptions: [
      'رقم کارکرد درج‌شده در قبض با رقم کنتور مطابقت ندارد',
      'مأمور قرائت به محل نیامده و کارکرد علی‌الرأس محاسبه شده است',
    ],
    resolutions: ['قرائت مجدد انجام و قبض اصلاح شد', 'قرائت درست بود؛ نتیجه به مشترک اعلام شد'],
  },
  'meter.replacement': {
    weight: 1.5,
    subscriberShare: 1,
    descriptions: ['درخواست جابه‌جایی کنتور به دلیل نوسازی ساختمان', 'درخواست تعویض کنتور فرسوده'],
    resolutions: ['کنتور به محل جدید منتقل شد', 'کنتور جدید نصب و پلمب شد'],
  },
  'account.ownership_change': {
    weight: 1.5,
    subscriberShare: 1,
    descriptions: ['ملک فروخته شده است؛ درخواست تغییر نام مشترک', 'اصلاح نام و شماره همراه مشترک در سامانه'],
    resolutions: ['مدارک بررسی و مشخصات مشترک در سامانه اصلاح شد', 'تغییر نام پس از ارائه سند انجام شد'],
  },
  'billing.high_bill': {
    weight: 7,
    season: { 5: 1.4, 6: 1.4, 7: 1.2 },
    subscriberShare: 1,
    descriptions: [
      'مبلغ قبض این دوره چند برابر دوره قبل است در حالی که مصرف تغییری نکرده',
      'اعتراض به مبلغ قبض؛ تعداد واحدهای ساختمان اشتباه ثبت شده است',
      'قبض زیاد آمده؛ احتمال نشت پنهان در لوله‌کشی داخلی',
    ],
    resolutions: [
      'تعداد واحدها اصلاح و قبض دوره مجدداً محاسبه شد',
      'کارکرد درست بود؛ مصرف بالا ناشی از نشت داخلی بود و به مشترک اطلاع داده شد',
      'قرائت مجدد انجام و مابه‌التفاوت در قبض بعدی منظور شد',
    ],
  },
  'billing.payment_not_applied': {
    weight: 2,
    subscriberShare: 1,
    descriptions: [
      'قبض دوره قبل پرداخت شده اما در قبض جدید به عنوان بدهی آمده است',
      'پرداخت از طریق اپلیکیشن بانکی انجام شده ولی در سامانه ثبت نشده',
    ],
    resolutions: ['پرداخت با کد پیگیری بانک تطبیق و در حساب مشترک ثبت شد'],
  },
  'billing.bill_not_received': {
    weight: 2.5,
    subscriberShare: 1,
    descriptions: ['قبض دو دوره اخیر به دستم نرسیده است', 'درخواست قبض المثنی و فعال‌سازی قبض پیامکی'],
    resolutions: ['قبض المثنی صادر و ارسال قبض پیامکی فعال شد', 'شماره همراه مشترک ثبت و قبض پیامکی ارسال شد'],
  },
  'connection.new_water': {
    weight: 1.5,
    subscriberShare: 0.2,
    descriptions: ['درخواست انشعاب آب برای ساختمان نوساز چهارواحدی', 'درخواست انشعاب آب برای واحد تجاری'],
    resolutions: ['پرونده تشکیل و بازدید فنی انجام شد؛ هزینه انشعاب به متقاضی اعلام شد'],
  },
  'connection.new_sewer': {
    weight: 1,
    subscriberShare: 0.7,
    descriptions: ['درخواست انشعاب فاضلاب؛ شبکه فاضلاب در کوچه اجرا شده است', 'درخواست اتصال ساختمان به شبکه فاضلاب'],
    resolutions: ['بازدید انجام و انشعاب فاضلاب پس از پرداخت هزینه اجرا شد'],
  },
  'connection.illegal_report': {
    weight: 1,
    subscriberShare: 0.1,
    descriptions: [
      'گزارش انشعاب غیرمجاز در زمین کشاورزی انتهای کوچه',
      'برداشت غیرمجاز آب از شبکه توسط یک کارگاه ساختمانی',
    ],
    resolutions: ['انشعاب غیرمجاز شناسایی و قطع شد؛ صورتجلسه تنظیم شد', 'بازدید انجام شد؛ انشعاب مجاز بود'],
  },
  'connection.reconnect': {
    weight: 2,
    subscriberShare: 1,
    descriptions: ['بدهی پرداخت شده است؛ درخواست وصل مجدد آب', 'آب به دلیل بدهی قطع شده و اکنون تسویه شده است'],
    resolutions: ['پس از تأیید پرداخت، انشعاب وصل شد'],
  },
  'complaint.staff_conduct': {
    weight: 0.6,
    subscriberShare: 0.7,
    descriptions: ['برخورد نامناسب مأمور قرائت کنتور', 'رفتار نامناسب کارشناس در دفتر امور مشترکین'],
    resolutions: ['موضوع با کارمند مربوط بررسی و تذکر کتبی داده شد؛ از مشترک عذرخواهی شد'],
  },
  'complaint.contractor_work': {
    weight: 0.8,
    subscriberShare: 0.5,
    descriptions: ['پیمانکار پس از حفاری نخاله‌ها را جمع نکرده است', 'کار پیمانکار نیمه‌تمام رها شده است'],
    resolutions: ['به پیمانکار اخطار داده شد و نخاله‌ها جمع‌آوری شد'],
  },
  'complaint.reinstatement': {
    weight: 1.2,
    subscriberShare: 0.5,
    descriptions: [
      'نوار حفاری جلوی منزل پس از یک ماه هنوز آسفالت نشده است',
      'ترمیم نامناسب آسفالت پس از تعمیر لوله؛ گودال ایجاد شده است',
    ],
    resolutions: ['نوار حفاری توسط پیمانکار ترمیم و آسفالت شد'],
  },
  'complaint.service_quality': {
    weight: 0.6,
    subscriberShare: 0.8,
    descriptions: ['از کیفیت رسیدگی به درخواست قبلی رضایت ندارم', 'ناهماهنگی در پاسخگویی واحدهای مختلف شرکت'],
    resolutions: ['موضوع بررسی و نتیجه به مشترک اعلام شد'],
  },
  'complaint.delay': {
    weight: 1,
    subscriberShare: 0.8,
    descriptions: [
      'درخواست قبلی پس از یک هفته هنوز رسیدگی نشده است',
      'با وجود چند بار تماس، اکیپ برای رفع نشتی مراجعه نکرده است',
    ],
    resolutions: ['درخواست قبلی با اولویت پیگیری و انجام شد؛ به مشترک اطلاع داده شد'],
  },
  'info.suggestion': {
    weight: 0.5,
    subscriberShare: 0.3,
    descriptions: [
      'پیشنهاد اطلاع‌رسانی پیامکی قطعی‌ها برای همه مشترکین',
      'پیشنهاد نصب شیر برداشت آب اضطراری در پارک محله',
    ],
    resolutions: ['پیشنهاد به واحد مربوط ارسال و از پیشنهاددهنده تشکر شد'],
  },
};

/** Answered on the call (first-contact resolution): categories and what the agent said. */
export const informationalScripts: readonly { category: string; weight: number; notes: readonly string[] }[] = [
  {
    category: 'billing.payment_question',
    weight: 4,
    notes: [
      'روش‌های پرداخت قبض (اپلیکیشن، درگاه اینترنتی، کد دستوری) توضیح داده شد',
      'شناسه قبض و شناسه پرداخت برای مشترک خوانده شد',
    ],
  },
  {
    category: 'info.general',
    weight: 3,
    notes: ['نشانی و ساعات کاری دفتر امور مشترکین اعلام شد', 'مدارک لازم برای تغییر نام مشترک اعلام شد'],
  },
  {
    category: 'info.outage_schedule',
    weight: 3,
    notes: ['برنامه قطعی و محدودیت آب منطقه اعلام شد', 'در محدوده تماس‌گیرنده برنامه قطعی اعلام‌شده‌ای وجود ندارد'],
  },
  {
    category: 'info.tariffs',
    weight: 1.5,
    notes: ['تعرفه آب‌بها و الگوی مصرف توضیح داده شد'],
  },
  {
    category: 'billing.high_bill',
    weight: 1,
    notes: ['نحوه محاسبه قبض و پلکان مصرف توضیح داده شد؛ مشترک قانع شد'],
  },
  {
    category: 'water.low_pressure',
    weight: 0.8,
    notes: ['افت فشار ناشی از مدیریت مصرف ساعات اوج است؛ توصیه نصب مخزن ذخیره داده شد'],
  },
];

export const transferNotes = [
  'تماس مربوط به قطعی برق بود؛ به سامانه ۱۲۱ راهنمایی شد',
  'موضوع مربوط به گاز بود؛ به سامانه ۱۹۴ راهنمایی شد',
  'به دفتر امور مشترکین منطقه منتقل شد',
  'به کارشناس درآمد منتقل شد',
] as const;

export const followUpNotes = [
  'پیگیری وضعیت درخواست؛ به تماس‌گیرنده اعلام شد که درخواست در دست اقدام است',
  'تماس مجدد برای پیگیری؛ کد رهگیری و وضعیت درخواست اعلام شد',
  'مشترک از تأخیر گلایه داشت؛ موضوع به واحد اجرایی یادآوری شد',
] as const;

export const rejectReasons = [
  'مشکل مربوط به لوله‌کشی داخلی ملک است و رفع آن بر عهده مالک است',
  'محل خارج از محدوده خدمات این امور است؛ به دهیاری اعلام شد',
  'پس از مراجعه، مشکلی در محل مشاهده نشد',
  'موضوع مربوط به شرکت گاز است',
] as const;

export const reopenReasons = [
  'مشترک اعلام کرد نشتی دوباره شروع شده است',
  'در نظرسنجی تلفنی، مشترک از رفع مشکل رضایت نداشت',
  'ترمیم آسفالت انجام نشده و مشترک شکایت دارد',
] as const;

// What a unit writes when it sends a request back to the centre as not theirs (misrouted).
export const returnReasons = [
  'محل خارج از محدوده این امور است؛ مربوط به امور همجوار است',
  'موضوع مربوط به شبکه فاضلاب است، نه آب',
  'نشانی ناقص است و محل پیدا نشد؛ لطفاً با مشترک تماس بگیرید',
] as const;

export const priorityReasons = [
  'وجود بیمار دیالیزی در منزل',
  'محل در مجاورت بیمارستان است',
  'آب به زیرزمین و تابلو برق ساختمان نفوذ کرده است',
  'مدرسه در محدوده بدون آب مانده است',
] as const;

export interface IncidentScript {
  category: string;
  /** Categories callers register under while it lasts (the burst itself, and the water cut it causes). */
  callerCategories: readonly string[];
  title: (where: string) => string;
  resolution: string;
}

export const incidentScripts: readonly IncidentScript[] = [
  {
    category: 'water.main_break',
    callerCategories: ['water.main_break', 'water.cut', 'water.cut', 'water.low_pressure'],
    title: (where) => `شکستگی خط انتقال ۴۰۰ میلی‌متری — ${where}`,
    resolution: 'لوله چدنی ۴۰۰ میلی‌متری تعویض، شبکه شستشو و آب‌رسانی برقرار شد',
  },
  {
    category: 'water.pipe_burst',
    callerCategories: ['water.pipe_burst', 'water.cut', 'water.pipe_burst'],
    title: (where) => `شکستگی لوله ۱۶۰ میلی‌متری شبکه توزیع — ${where}`,
    resolution: 'قطعه لوله پلی‌اتیلن تعویض و آب‌رسانی محدوده برقرار شد',
  },
  {
    category: 'sewer.overflow',
    callerCategories: ['sewer.overflow', 'sewer.blockage'],
    title: (where) => `سرریز فاضلاب از خط اصلی جمع‌آوری — ${where}`,
    resolution: 'خط اصلی با دستگاه لایروبی باز و معابر شستشو و ضدعفونی شد',
  },
  {
    category: 'sewer.collapse',
    callerCategories: ['sewer.collapse', 'sewer.overflow'],
    title: (where) => `نشست معبر بر اثر تخریب خط فاضلاب — ${where}`,
    resolution: 'لوله فاضلاب آسیب‌دیده تعویض و محل خاک‌ریزی و ترمیم موقت شد',
  },
  {
    category: 'quality.turbidity',
    callerCategories: ['quality.turbidity', 'quality.taste_odour_colour'],
    title: (where) => `گل‌آلودگی آب شبکه پس از تعمیر خط — ${where}`,
    resolution: 'شبکه از شیرهای تخلیه شستشو داده شد و کدورت به حد استاندارد رسید',
  },
  {
    category: 'water.cut',
    callerCategories: ['water.cut', 'water.low_pressure'],
    title: (where) => `قطعی آب بر اثر خرابی پمپ ایستگاه — ${where}`,
    resolution: 'الکتروپمپ ایستگاه تعمیر و آب‌رسانی برقرار شد',
  },
];

export const outageReasons = [
  'اصلاح و بازسازی شبکه توزیع آب',
  'تعویض شیرآلات شبکه',
  'اتصال خط انتقال جدید به شبکه',
  'شستشو و ضدعفونی مخزن',
  'تعمیرات ایستگاه پمپاژ',
  'رفع نشت پنهان خط اصلی',
] as const;
