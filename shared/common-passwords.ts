/**
 * The most common leaked passwords that are long enough to pass the length rule
 * (shorter ones already fail it), plus trivially guessable shapes. Compared case-insensitively.
 */
const COMMON = new Set(
  `password password1 password12 password123 password1234 passw0rd p@ssw0rd p@ssword
12345678 123456789 1234567890 0123456789 12341234 11223344 12121212 123123123 1q2w3e4r 1q2w3e4r5t
1qaz2wsx 1qazxsw2 zaq12wsx zaq1zaq1 qwertyui qwertyuiop qwerty123 qwerty12 qwerty1234 qwertyqwerty
asdfghjk asdfghjkl asdf1234 zxcvbnm1 zxcvbnm123 abcd1234 abc12345 abcdefgh abcdefg1 a1b2c3d4
iloveyou iloveyou1 iloveyou2 sunshine sunshine1 princess princess1 football football1 baseball
basketball superman superman1 batman123 starwars whatever trustno1 letmein1 letmein123 welcome1
welcome123 welcome12 computer computer1 internet michelle jennifer jessica1 charlie1 danielle
liverpool chelsea1 arsenal1 barcelona manchester blink182 pokemon1 pokemon123 minecraft fortnite
dragon12 dragon123 monkey12 monkey123 shadow12 shadow123 master12 master123 freedom1 mustang1
jordan23 michael1 ashley12 hunter12 killer12 soccer12 matrix12 secret12 secret123 access14
admin123 admin1234 administrator root1234 changeme changeme1 default1 testtest test1234 test12345
guest123 login123 user1234 google123 samsung1 samsung123 iphone12 nokia123 facebook1 linkedin
11111111 22222222 33333333 44444444 55555555 66666666 77777777 88888888 99999999 00000000
111111111 1111111111 87654321 98765432 987654321 9876543210 10203040 147258369 159753456
123qweasd qweasdzxc q1w2e3r4 q1w2e3r4t5 1234qwer qwer1234 1234abcd aa123456 aa12345678
123456aa 12345qwert 123456qwerty qwerty123456 password! password@ passwordpassword
loveyou1 lovely12 babygirl1 angel123 flower12 butterfly purple12 summer12 summer2024 summer2025
winter12 spring12 autumn12 123456789a 12345678a a12345678 a123456789 zaq123456 qazwsx123
qazwsxedc 1q2w3e4r5t6y 1qaz2wsx3edc myspace1 hello123 hello1234 helloworld whatsup1 nothing1
anything everything someone1 forever1 together football123 cristiano ronaldo7 messi10
ukraine1 ukraine123 kyiv2024 kiev1234 slavaukraini ukraina1 parol123 parol1234 privet123
privit123 kohannya qwerty007 bond007 agent007 worldit1 worldit123`.split(/\s+/),
);

export function isCommonPassword(password: string): boolean {
  const p = password.toLowerCase();
  if (COMMON.has(p)) return true;
  if (/^(.)\1+$/.test(p)) return true; // one character repeated
  return isRun(p, "0123456789") || isRun(p, "abcdefghijklmnopqrstuvwxyz") || isRun(p, "qwertyuiopasdfghjklzxcvbnm");
}

function isRun(p: string, alphabet: string): boolean {
  return alphabet.includes(p) || alphabet.split("").reverse().join("").includes(p);
}
