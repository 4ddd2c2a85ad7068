// Persian text for matching, the same as the server's geo.text.search_key: a name typed with
// Arabic ي/ك, Persian or Arabic-Indic digits, diacritics or a ZWNJ matches its stored form.
// tests/vectors/search_key.json holds both to the same answers (pytest and node --test).

const LETTERS = { "ي": "ی", "ى": "ی", "ك": "ک", "ۀ": "ه", "ة": "ه", "أ": "ا", "إ": "ا", "ٱ": "ا" };
const PERSIAN = "۰۱۲۳۴۵۶۷۸۹";
const ARABIC_INDIC = "٠١٢٣٤٥٦٧٨٩";
const CONTROL = /[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g;
const DECORATION = /[\u064b-\u065f\u0670\u0640]/g; // harakat, tanwin, superscript alef, tatweel
const SPACES = /[\u200c\u200d\u00a0\u2000-\u200b\u202f\u205f\u3000\s]+/g;

/** The form of text that searches compare: normalised, undecorated, lower case. */
export function searchKey(text) {
  return String(text)
    .replace(CONTROL, "")
    .normalize("NFC")
    .replace(/[۰-۹]/g, (d) => String(PERSIAN.indexOf(d)))
    .replace(/[٠-٩]/g, (d) => String(ARABIC_INDIC.indexOf(d)))
    .replace(/[يىكۀةأإٱ]/g, (c) => LETTERS[c])
    .replace(DECORATION, "")
    .replace(SPACES, " ")
    .trim()
    .toLowerCase();
}
