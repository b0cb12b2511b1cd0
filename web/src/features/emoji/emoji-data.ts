/**
 * A curated set of common emoji for the picker (issue 13), by category, each with English and
 * Ukrainian keywords for search. Compact on purpose (no npm dependency, in the picker's lazy chunk
 * only): one line per emoji, "<emoji> <english words>|<ukrainian words>". Any emoji the server
 * accepts (shared/emoji.ts) may still be typed or pasted; this is what the picker offers.
 */
export const CATEGORIES = ["smileys", "people", "animals", "food", "activities", "travel", "objects", "symbols", "flags"] as const;
export type Category = (typeof CATEGORIES)[number];
/** The tab icon of each category (recent has its own). */
export const CATEGORY_ICON: Record<Category | "recent", string> = {
  recent: "🕘",
  smileys: "😀",
  people: "👋",
  animals: "🐱",
  food: "🍕",
  activities: "⚽",
  travel: "✈️",
  objects: "💡",
  symbols: "❤️",
  flags: "🏳️",
};

const RAW: Record<Category, string> = {
  smileys: `
😀 grinning smile happy|усмішка радість щасливий
😃 smiley happy joy|усмішка радість
😄 smile laugh happy|сміх усмішка радість
😁 grin beaming|усмішка зуби
😆 laughing squint|регіт сміх
😅 sweat smile relief|полегшення піт
🤣 rofl rolling laughing|регіт катаюся
😂 joy tears laughing lol|сміх сльози регіт
🙂 slight smile|усмішка
🙃 upside down silly|догори ногами
😉 wink|підморгую
😊 blush smile shy|рум'янець усмішка
😇 innocent halo angel|янгол німб невинний
🥰 love hearts adore|закоханий серця
😍 heart eyes love|закоханий очі серця
🤩 star struck wow|зірки захват
😘 kiss blow|поцілунок
😋 yum tasty delicious|смачно
😛 tongue|язик
😜 wink tongue crazy|язик підморгую
🤪 zany crazy|божевільний
🤑 money rich|гроші багатий
🤗 hug hugging|обійми
🤭 oops hand over mouth|ой
🤫 shush quiet secret|тихо секрет
🤔 thinking hmm|думаю хм
🤐 zipper mouth silent|мовчу
🤨 raised eyebrow suspicious|підозра брова
😐 neutral meh|байдуже
😑 expressionless|без виразу
😶 no mouth speechless|без слів
😏 smirk|посмішка хитро
😒 unamused|невдоволений
🙄 eye roll|закочую очі
😬 grimace awkward|ніяково
😌 relieved calm|полегшення спокій
😔 pensive sad|сумно задумливо
😪 sleepy|сонний
🤤 drool|слина
😴 sleeping zzz|сплю сон
😷 mask sick|маска хворий
🤒 thermometer ill fever|температура хворий
🤢 nauseated sick|нудить
🤮 vomit|блювати
🤧 sneeze cold|чхаю застуда
🥵 hot heat|спека жарко
🥶 cold freezing|холодно мороз
🥴 woozy dizzy|запаморочення
😵 dizzy|запаморочення
🤯 mind blown exploding|шок вибух мозку
🤠 cowboy|ковбой
🥳 party celebrate|свято вечірка
😎 cool sunglasses|круто окуляри
🤓 nerd glasses|ботан окуляри
🧐 monocle|монокль
😕 confused|розгублений
😟 worried|хвилююся
🙁 frown sad|сумно
😮 open mouth wow surprised|здивування вау
😯 hushed surprised|здивування
😲 astonished shocked|шок
😳 flushed embarrassed|соромно
🥺 pleading puppy eyes|благаю
😦 frowning|насуплений
😨 fearful scared|страх
😰 anxious sweat|тривога
😥 sad relieved|сумно
😢 cry sad tear|плачу сльоза сумно
😭 sob crying loudly|ридаю плачу
😱 scream fear|крик жах
😖 confounded|засмучений
😣 persevere|терплю
😞 disappointed|розчарований
😓 downcast sweat|втомлений
😩 weary tired|втомився
😫 tired|втомився
🥱 yawn bored|позіхаю нудно
😤 triumph steam|пихкаю
😡 pout angry rage|злий лють
😠 angry|злий
🤬 cursing swearing|лайка
😈 devil smiling|чортик
💀 skull dead|череп
💩 poop pile|какашка
🤡 clown|клоун
👻 ghost|привид
👽 alien|прибулець
🤖 robot|робот
😺 cat smile|кіт усмішка
😻 cat heart eyes|кіт закоханий
🙈 see no evil monkey|мавпа не бачу
🙉 hear no evil monkey|мавпа не чую
🙊 speak no evil monkey|мавпа мовчу
`,
  people: `
👋 wave hello bye|привіт бувай махаю
🤚 raised back hand|долоня
✋ raised hand stop|рука стоп
🖖 vulcan|вулкан
👌 ok perfect|добре окей
🤌 pinched fingers|пальці
🤏 pinch little|трохи
✌️ victory peace|перемога мир
🤞 crossed fingers luck|схрещені пальці удача
🤟 love you gesture|люблю
🤘 rock horns|рок
🤙 call me|подзвони
👈 left point|ліворуч
👉 right point|праворуч
👆 up point|вгору
👇 down point|вниз
☝️ index up|увага
👍 thumbs up like yes|клас так подобається
👎 thumbs down dislike no|ні не подобається
✊ fist raised|кулак
👊 punch fist bump|кулак удар
👏 clap applause|оплески
🙌 raising hands hooray|ура
👐 open hands|долоні
🤲 palms up|долоні
🤝 handshake deal|рукостискання угода
🙏 pray please thanks|прошу дякую молюся
✍️ writing|пишу
💅 nail polish|манікюр
💪 muscle strong|сила м'яз
🧠 brain smart|мозок розумний
👀 eyes look|очі дивлюся
👁️ eye|око
👶 baby|немовля дитина
🧒 child|дитина
🧑 person adult|людина
🧓 older person|літня людина
🧑‍💻 technologist coder laptop|програміст ноутбук
🧑‍🎓 student graduate|студент
🧑‍🏫 teacher|вчитель
🧑‍🍳 cook chef|кухар
🧑‍⚕️ health worker doctor|лікар
🧑‍🚀 astronaut|астронавт
🦸 superhero|супергерой
🧙 mage wizard|чарівник
🧛 vampire|вампір
💃 dancer dance|танцюю
🕺 man dancing|танцюю
🚶 walking|йду
🏃 running|біжу
🧘 yoga meditation|йога медитація
🛌 bed sleep|ліжко сон
👫 couple|пара
👪 family|сім'я родина
🗣️ speaking|говорю
🫶 heart hands|серце руками
`,
  animals: `
🐶 dog puppy|собака пес цуценя
🐱 cat kitten|кіт кішка котик
🐭 mouse|миша
🐹 hamster|хом'як
🐰 rabbit bunny|кролик зайчик
🦊 fox|лисиця
🐻 bear|ведмідь
🐼 panda|панда
🐨 koala|коала
🐯 tiger|тигр
🦁 lion|лев
🐮 cow|корова
🐷 pig|свиня
🐸 frog|жаба
🐵 monkey|мавпа
🐔 chicken|курка
🐧 penguin|пінгвін
🐦 bird|птах
🐤 chick|курча
🦆 duck|качка
🦅 eagle|орел
🦉 owl|сова
🐺 wolf|вовк
🐴 horse|кінь
🦄 unicorn|єдиноріг
🐝 bee honeybee|бджола
🐛 bug caterpillar|гусінь
🦋 butterfly|метелик
🐌 snail|равлик
🐞 ladybug|сонечко
🐢 turtle|черепаха
🐍 snake|змія
🦖 dinosaur t-rex|динозавр
🐙 octopus|восьминіг
🐠 fish tropical|риба
🐬 dolphin|дельфін
🐳 whale|кит
🦈 shark|акула
🦔 hedgehog|їжак
🐾 paw prints|лапки сліди
🌵 cactus|кактус
🎄 christmas tree|ялинка
🌲 evergreen tree|ялина дерево
🌳 tree|дерево
🌴 palm tree|пальма
🌱 seedling sprout|паросток
🌿 herb|трава
🍀 four leaf clover luck|конюшина удача
🍁 maple leaf|кленовий лист
🍂 fallen leaves autumn|осінь листя
🌷 tulip|тюльпан
🌹 rose|троянда
🌻 sunflower|соняшник
🌼 blossom|квітка
🌸 cherry blossom|сакура цвіт
💐 bouquet flowers|букет квіти
🍄 mushroom|гриб
🌍 earth globe world|земля світ
🌙 moon crescent|місяць
⭐ star|зірка
🌟 glowing star|сяйво зірка
⚡ lightning zap|блискавка
🔥 fire hot lit|вогонь полум'я
🌈 rainbow|веселка
☀️ sun sunny|сонце
⛅ cloud sun|хмарно
🌧️ rain|дощ
❄️ snowflake snow|сніжинка сніг
☃️ snowman|сніговик
💧 droplet water|крапля вода
🌊 wave ocean sea|хвиля море
`,
  food: `
🍏 green apple|зелене яблуко
🍎 apple red|яблуко
🍐 pear|груша
🍊 orange tangerine|апельсин мандарин
🍋 lemon|лимон
🍌 banana|банан
🍉 watermelon|кавун
🍇 grapes|виноград
🍓 strawberry|полуниця
🫐 blueberries|чорниці
🍒 cherries|вишні черешні
🍑 peach|персик
🥭 mango|манго
🍍 pineapple|ананас
🥥 coconut|кокос
🥝 kiwi|ківі
🍅 tomato|помідор
🍆 eggplant|баклажан
🥑 avocado|авокадо
🥦 broccoli|броколі
🥒 cucumber|огірок
🌶️ hot pepper chili|перець чилі
🌽 corn|кукурудза
🥕 carrot|морква
🥔 potato|картопля
🧄 garlic|часник
🧅 onion|цибуля
🍞 bread|хліб
🥐 croissant|круасан
🧀 cheese|сир
🥚 egg|яйце
🍳 cooking fried egg|яєчня
🥞 pancakes|млинці
🥓 bacon|бекон сало
🍗 poultry leg chicken|курка ніжка
🍖 meat bone|м'ясо
🍔 hamburger burger|бургер
🍟 fries|картопля фрі
🍕 pizza|піца
🌭 hot dog|хот-дог
🥪 sandwich|бутерброд сендвіч
🌮 taco|тако
🥗 salad|салат
🍝 spaghetti pasta|спагеті паста
🍜 ramen noodles|локшина рамен
🍲 stew pot soup borscht|суп борщ каструля
🍣 sushi|суші
🥟 dumpling|вареники пельмені
🍦 ice cream soft|морозиво
🍩 doughnut donut|пончик
🍪 cookie|печиво
🎂 birthday cake|торт день народження
🍰 cake shortcake|тістечко торт
🧁 cupcake|кекс
🍫 chocolate|шоколад
🍬 candy|цукерка
🍯 honey|мед
☕ coffee hot|кава
🍵 tea|чай
🧃 juice box|сік
🥛 milk|молоко
🍺 beer|пиво
🍻 cheers beers|будьмо пиво
🥂 champagne toast|келихи тост
🍷 wine|вино
🍸 cocktail|коктейль
🍾 bottle celebrate|шампанське
🥄 spoon|ложка
🍽️ plate dinner|обід тарілка
`,
  activities: `
⚽ soccer football|футбол м'яч
🏀 basketball|баскетбол
🏈 american football|регбі
⚾ baseball|бейсбол
🎾 tennis|теніс
🏐 volleyball|волейбол
🏓 ping pong table tennis|пінг-понг
🏸 badminton|бадмінтон
🏒 hockey|хокей
🥊 boxing glove|бокс
🥋 martial arts|бойові мистецтва
⛳ golf|гольф
🎣 fishing|риболовля
🎿 ski|лижі
⛷️ skier|лижник
🏂 snowboard|сноуборд
⛸️ ice skate|ковзани
🏋️ weightlifting gym|спортзал штанга
🚴 cycling bike|велосипед
🏊 swimming|плавання
🏆 trophy winner|кубок перемога
🥇 gold medal first|золото перша
🥈 silver medal second|срібло друга
🥉 bronze medal third|бронза третя
🏅 medal|медаль
🎖️ military medal|нагорода
🎗️ ribbon|стрічка
🎫 ticket|квиток
🎪 circus|цирк
🎭 theater|театр
🎨 art palette|мистецтво малювати
🎬 movie clapper|кіно фільм
🎤 microphone sing|мікрофон співати
🎧 headphones music|навушники музика
🎼 score music|ноти
🎹 piano keyboard|піаніно
🥁 drum|барабан
🎷 saxophone|саксофон
🎺 trumpet|труба
🎸 guitar|гітара
🎻 violin|скрипка
🎲 dice game|кубик гра
♟️ chess|шахи
🎯 target bullseye|ціль мішень
🎳 bowling|боулінг
🎮 video game controller|гра джойстик
🕹️ joystick|джойстик
🧩 puzzle piece|пазл
🎉 party popper tada celebrate|свято вітаю
🎊 confetti|конфеті
🎈 balloon|кулька
🎁 gift present|подарунок
🎀 ribbon bow|бантик
🪁 kite|повітряний змій
`,
  travel: `
🚗 car|автомобіль машина
🚕 taxi|таксі
🚌 bus|автобус
🚎 trolleybus|тролейбус
🏎️ racing car|гоночна
🚓 police car|поліція
🚑 ambulance|швидка
🚒 fire engine|пожежна
🚚 truck delivery|вантажівка доставка
🚜 tractor|трактор
🛴 scooter|самокат
🚲 bicycle bike|велосипед
🛵 motor scooter|мопед
🏍️ motorcycle|мотоцикл
🚨 siren|сирена
🚆 train|потяг
🚇 metro subway|метро
🚊 tram|трамвай
✈️ airplane plane flight|літак політ
🚀 rocket launch|ракета
🛸 ufo flying saucer|нло
🚁 helicopter|гелікоптер
⛵ sailboat|вітрильник
🚢 ship|корабель
⚓ anchor|якір
⛽ fuel pump gas|заправка
🚦 traffic light|світлофор
🗺️ map|мапа карта
🧭 compass|компас
🏔️ mountain snow|гора
⛰️ mountain|гора
🏕️ camping|кемпінг
🏖️ beach|пляж
🏝️ island|острів
🏠 house home|дім будинок
🏡 house garden|дім садиба
🏢 office building|офіс
🏥 hospital|лікарня
🏦 bank|банк
🏫 school|школа
🏰 castle|замок
⛪ church|церква
🗽 statue of liberty|статуя свободи
🗼 tower|вежа
🎡 ferris wheel|колесо огляду
🎢 roller coaster|американські гірки
🌃 night city|ніч місто
🌅 sunrise|схід сонця
🌄 sunrise mountains|світанок
🌉 bridge night|міст
🎆 fireworks|феєрверк
⌛ hourglass time|пісочний годинник час
⏰ alarm clock|будильник
🌡️ thermometer|термометр
☂️ umbrella|парасолька
`,
  objects: `
⌚ watch|годинник
📱 phone mobile|телефон смартфон
💻 laptop computer|ноутбук комп'ютер
⌨️ keyboard|клавіатура
🖥️ desktop computer|комп'ютер
🖨️ printer|принтер
🖱️ mouse computer|мишка
💾 floppy disk save|дискета зберегти
💿 disc cd|диск
📷 camera photo|камера фото
📸 camera flash|фото спалах
🎥 movie camera|відеокамера
📺 television tv|телевізор
📻 radio|радіо
🔋 battery|батарея
🔌 plug electric|розетка вилка
💡 bulb idea light|лампочка ідея
🔦 flashlight|ліхтарик
🕯️ candle|свічка
💸 money flying|гроші летять
💵 dollar banknote|долар гроші
💶 euro banknote|євро
💰 money bag|мішок грошей
💳 credit card|картка
💎 gem diamond|діамант
⚖️ balance scale|ваги
🔧 wrench tool|ключ інструмент
🔨 hammer|молоток
🛠️ tools|інструменти
⚙️ gear settings|шестерня налаштування
🧲 magnet|магніт
🔫 water pistol|пістолет водяний
💣 bomb|бомба
🔪 knife|ніж
🛡️ shield|щит
🔑 key|ключ
🗝️ old key|ключ старий
🔒 locked lock|замок закрито
🔓 unlocked|відкрито
🚪 door|двері
🛏️ bed|ліжко
🧸 teddy bear|ведмедик
🛒 shopping cart|кошик покупки
🎒 backpack|рюкзак
👓 glasses|окуляри
👕 t-shirt|футболка
👗 dress|сукня
👟 sneaker shoe|кросівки
👑 crown king|корона
💍 ring|каблучка
💄 lipstick|помада
📚 books|книжки
📖 open book read|книга читати
📝 memo note|нотатка
✏️ pencil|олівець
🖊️ pen|ручка
📎 paperclip|скріпка
📌 pushpin pin|шпилька
📅 calendar|календар
📈 chart up growth|графік зростання
📉 chart down|графік падіння
📊 bar chart|діаграма
📦 package box|посилка коробка
✉️ envelope|конверт
📧 email|пошта імейл
📬 mailbox|поштова скринька
🔔 bell notification|дзвоник сповіщення
🔕 no bell mute|без звуку
📣 megaphone|мегафон
🔍 magnifier search|лупа пошук
💊 pill|пігулка
💉 syringe|шприц
🧪 test tube|пробірка
🔭 telescope|телескоп
🪴 potted plant|вазон
🧹 broom|віник
🧻 toilet paper|туалетний папір
`,
  symbols: `
❤️ red heart love|серце кохання
🧡 orange heart|помаранчеве серце
💛 yellow heart|жовте серце
💚 green heart|зелене серце
💙 blue heart|синє серце
💜 purple heart|фіолетове серце
🖤 black heart|чорне серце
🤍 white heart|біле серце
🤎 brown heart|коричневе серце
💔 broken heart|розбите серце
❤️‍🔥 heart on fire|палке серце
❣️ heart exclamation|серце
💕 two hearts|два серця
💞 revolving hearts|серця
💓 beating heart|серцебиття
💗 growing heart|серце
💖 sparkling heart|серце блиск
💘 heart arrow cupid|купідон
💝 heart ribbon|серце подарунок
💯 hundred perfect|сто відсотків
💢 anger|гнів
💥 collision boom|бум вибух
💫 dizzy star|зірочки
💦 sweat droplets|краплі
💨 dash wind|вітер швидко
💬 speech bubble|повідомлення
💭 thought bubble|думка
💤 zzz sleep|сон
✨ sparkles|блиск іскри
✅ check mark done|готово галочка
☑️ ballot check|галочка
✔️ check|галочка
❌ cross no|хрестик ні
❎ cross mark button|хрестик
➕ plus|плюс
➖ minus|мінус
➗ divide|ділення
❓ question|питання
❔ white question|питання
❗ exclamation|оклик увага
‼️ double exclamation|увага
⚠️ warning|увага попередження
⛔ no entry|заборонено
🚫 prohibited|заборонено
♻️ recycle|переробка
🆗 ok button|окей
🆕 new|новий
🆒 cool button|круто
🆘 sos help|допомога
🔴 red circle|червоне коло
🟢 green circle|зелене коло
🔵 blue circle|синє коло
🟡 yellow circle|жовте коло
⚫ black circle|чорне коло
⚪ white circle|біле коло
🔺 red triangle up|трикутник
🔻 red triangle down|трикутник
▶️ play|відтворити
⏸️ pause|пауза
⏹️ stop|стоп
🔁 repeat|повтор
🔀 shuffle|перемішати
🎵 music note|нота музика
🎶 notes music|ноти музика
➡️ right arrow|стрілка праворуч
⬅️ left arrow|стрілка ліворуч
⬆️ up arrow|стрілка вгору
⬇️ down arrow|стрілка вниз
🔄 arrows refresh|оновити
🔝 top|топ
🔜 soon|скоро
🆙 up|вгору
#️⃣ hash keycap|решітка
*️⃣ asterisk keycap|зірочка
0️⃣ zero keycap|нуль
1️⃣ one keycap|один
2️⃣ two keycap|два
3️⃣ three keycap|три
🔟 ten keycap|десять
©️ copyright|авторське право
®️ registered|зареєстровано
™️ trademark|торгова марка
☮️ peace|мир
☯️ yin yang|інь ян
♈ aries|овен
♀️ female|жінка
♂️ male|чоловік
⚧️ transgender|трансгендер
♾️ infinity|нескінченність
🏳️‍🌈 rainbow flag pride|веселковий прапор
`,
  flags: `
🇺🇦 ukraine|україна
🇵🇱 poland|польща
🇩🇪 germany|німеччина
🇫🇷 france|франція
🇬🇧 united kingdom britain|британія велика британія
🇺🇸 united states usa america|сша америка
🇨🇦 canada|канада
🇮🇹 italy|італія
🇪🇸 spain|іспанія
🇵🇹 portugal|португалія
🇳🇱 netherlands|нідерланди
🇧🇪 belgium|бельгія
🇨🇭 switzerland|швейцарія
🇦🇹 austria|австрія
🇨🇿 czechia czech|чехія
🇸🇰 slovakia|словаччина
🇭🇺 hungary|угорщина
🇷🇴 romania|румунія
🇲🇩 moldova|молдова
🇧🇬 bulgaria|болгарія
🇬🇷 greece|греція
🇹🇷 turkey türkiye|туреччина
🇱🇹 lithuania|литва
🇱🇻 latvia|латвія
🇪🇪 estonia|естонія
🇫🇮 finland|фінляндія
🇸🇪 sweden|швеція
🇳🇴 norway|норвегія
🇩🇰 denmark|данія
🇮🇪 ireland|ірландія
🇬🇪 georgia|грузія
🇯🇵 japan|японія
🇰🇷 south korea|корея
🇨🇳 china|китай
🇮🇳 india|індія
🇧🇷 brazil|бразилія
🇦🇺 australia|австралія
🇪🇺 european union eu|євросоюз єс
🏴󠁧󠁢󠁳󠁣󠁴󠁿 scotland|шотландія
🏁 chequered flag finish|фініш
🚩 red flag|червоний прапорець
🏳️ white flag|білий прапор
🏴 black flag|чорний прапор
`,
};

export interface EmojiEntry {
  char: string;
  category: Category;
  /** Lower-case keywords, English then Ukrainian. */
  words: string[];
}

function parse(): EmojiEntry[] {
  const out: EmojiEntry[] = [];
  for (const category of CATEGORIES) {
    for (const line of RAW[category].split("\n")) {
      const at = line.indexOf(" ");
      if (at < 0) continue;
      const words = line.slice(at + 1).toLowerCase().replace("|", " ").split(/\s+/).filter(Boolean);
      out.push({ char: line.slice(0, at), category, words });
    }
  }
  return out;
}

export const EMOJI: readonly EmojiEntry[] = parse();

/** Emoji whose keywords start with every word of the query (case-insensitive, English or Ukrainian; "'" and "’" alike). */
export function searchEmoji(query: string, limit = 64): EmojiEntry[] {
  const norm = (s: string) => s.toLowerCase().replace(/[’ʼ]/g, "'");
  const parts = norm(query).split(/\s+/).filter(Boolean);
  if (!parts.length) return [];
  const out: EmojiEntry[] = [];
  for (const e of EMOJI) {
    if (parts.every((p) => e.words.some((w) => w.startsWith(p)))) out.push(e);
    if (out.length >= limit) break;
  }
  return out;
}
