//! Language names and ISO 639 codes, so that one language is one language across releases:
//! the 2023 and 100k sets name it ("German"), the 140k set codes it ("de", "zh-Hant", "und").

/// One language: its names (the first is the one shown) and its codes (the first is ISO
/// 639-1 where one exists; older or three-letter codes after it).
#[derive(Debug, PartialEq, Eq)]
pub struct Language {
    pub names: &'static [&'static str],
    pub codes: &'static [&'static str],
}

impl Language {
    pub fn name(&self) -> &'static str {
        self.names[0]
    }
}

macro_rules! languages {
    ($( [$($name:literal),+] [$($code:literal),+] ),+ $(,)?) => {
        &[$(Language { names: &[$($name),+], codes: &[$($code),+] }),+]
    };
}

/// Every language the public releases hold (the 2023 set's polyglot names, the 140k set's
/// codes), plus the other common ones a detector reports.
pub const LANGUAGES: &[Language] = languages![
    ["English"] ["en"],
    ["German"] ["de"],
    ["Spanish"] ["es"],
    ["French"] ["fr"],
    ["unknown", "undetermined"] ["und"],
    ["Portuguese"] ["pt"],
    ["Russian"] ["ru"],
    ["Italian"] ["it"],
    ["Chinese"] ["zh"],
    ["Dutch"] ["nl"],
    ["Polish"] ["pl"],
    ["Japanese"] ["ja"],
    ["Finnish"] ["fi"],
    ["Korean"] ["ko"],
    ["Danish"] ["da"],
    ["Latin"] ["la"],
    ["Vietnamese"] ["vi"],
    ["Turkish"] ["tr"],
    ["Indonesian"] ["id", "in"],
    ["Czech"] ["cs"],
    ["Ukrainian"] ["uk"],
    ["Scots"] ["sco"],
    ["Swedish"] ["sv"],
    ["Slovak"] ["sk"],
    ["Hebrew"] ["he", "iw"],
    ["Romanian"] ["ro"],
    ["Arabic"] ["ar"],
    ["Hungarian"] ["hu"],
    ["Norwegian", "Norwegian Bokmål"] ["no", "nb"],
    ["Slovenian"] ["sl"],
    ["Persian", "Farsi"] ["fa"],
    ["Galician"] ["gl"],
    ["Greek"] ["el"],
    ["Esperanto"] ["eo"],
    ["Thai"] ["th"],
    ["Catalan"] ["ca"],
    ["Luxembourgish"] ["lb"],
    ["Waray"] ["war"],
    ["Hawaiian"] ["haw"],
    ["Bislama"] ["bi"],
    ["Uzbek"] ["uz"],
    ["Afrikaans"] ["af"],
    ["Bulgarian"] ["bg"],
    ["Norwegian Nynorsk", "Nynorsk"] ["nn"],
    ["Tsonga"] ["ts"],
    ["Maltese"] ["mt"],
    ["Icelandic"] ["is"],
    ["Serbian"] ["sr"],
    ["Malay"] ["ms"],
    ["Quechua"] ["qu"],
    ["Ganda"] ["lg"],
    ["Southern Sotho", "Sesotho"] ["st"],
    ["Corsican"] ["co"],
    ["Tigrinya"] ["ti"],
    ["Xhosa"] ["xh"],
    ["Akan"] ["ak"],
    ["Interlingua"] ["ia"],
    ["Kinyarwanda"] ["rw"],
    ["Sanskrit"] ["sa"],
    ["Macedonian"] ["mk"],
    ["Faroese"] ["fo"],
    ["Estonian"] ["et"],
    ["Haitian Creole", "Haitian"] ["ht"],
    ["Fijian"] ["fj"],
    ["Aymara"] ["ay"],
    ["Latvian"] ["lv"],
    ["Afar"] ["aa"],
    ["Welsh"] ["cy"],
    ["Tswana"] ["tn"],
    ["Hindi"] ["hi"],
    ["Maori"] ["mi"],
    ["Occitan"] ["oc"],
    ["Somali"] ["so"],
    ["Oromo"] ["om"],
    ["Wolof"] ["wo"],
    ["Volapük"] ["vo"],
    ["Swahili"] ["sw"],
    ["Croatian"] ["hr"],
    ["Shona"] ["sn"],
    ["Malagasy"] ["mg"],
    ["Hmong"] ["hmn"],
    ["Manx"] ["gv"],
    ["Lithuanian"] ["lt"],
    ["Sundanese"] ["su"],
    ["Klingon"] ["tlh"],
    ["Cebuano"] ["ceb"],
    ["Tatar"] ["tt"],
    ["Kalaallisut", "Greenlandic"] ["kl"],
    ["Irish"] ["ga"],
    ["Basque"] ["eu"],
    ["Bangla", "Bengali"] ["bn"],
    ["Interlingue"] ["ie"],
    ["Western Frisian", "Frisian"] ["fy"],
    ["Yoruba"] ["yo"],
    ["Guarani"] ["gn"],
    ["Tamil"] ["ta"],
    ["Telugu"] ["te"],
    ["Marathi"] ["mr"],
    ["Urdu"] ["ur"],
    ["Punjabi"] ["pa"],
    ["Gujarati"] ["gu"],
    ["Kannada"] ["kn"],
    ["Malayalam"] ["ml"],
    ["Nepali"] ["ne"],
    ["Sinhala"] ["si"],
    ["Burmese"] ["my"],
    ["Khmer"] ["km"],
    ["Lao"] ["lo"],
    ["Georgian"] ["ka"],
    ["Armenian"] ["hy"],
    ["Azerbaijani"] ["az"],
    ["Kazakh"] ["kk"],
    ["Kyrgyz"] ["ky"],
    ["Mongolian"] ["mn"],
    ["Tagalog", "Filipino"] ["tl", "fil"],
    ["Belarusian"] ["be"],
    ["Bosnian"] ["bs"],
    ["Albanian"] ["sq"],
    ["Amharic"] ["am"],
    ["Hausa"] ["ha"],
    ["Igbo"] ["ig"],
    ["Zulu"] ["zu"],
    ["Pashto"] ["ps"],
    ["Kurdish"] ["ku"],
    ["Tajik"] ["tg"],
    ["Turkmen"] ["tk"],
    ["Uyghur"] ["ug"],
    ["Yiddish"] ["yi"],
    ["Javanese"] ["jv"],
    ["Scottish Gaelic", "Gaelic"] ["gd"],
    ["Breton"] ["br"],
    ["Sindhi"] ["sd"],
    ["Tibetan"] ["bo"],
    ["Odia", "Oriya"] ["or"],
    ["Assamese"] ["as"],
    ["Lingala"] ["ln"],
    ["Samoan"] ["sm"],
    ["Chichewa", "Nyanja"] ["ny"],
];

/// The language a typed name or code denotes (case-insensitive, exact).
pub fn lookup(typed: &str) -> Option<&'static Language> {
    let eq =
        |s: &&str| s.eq_ignore_ascii_case(typed) || (!typed.is_ascii() && s.to_lowercase() == typed.to_lowercase());
    LANGUAGES.iter().find(|l| l.names.iter().any(eq) || l.codes.iter().any(eq))
}

/// The language a file's `language` value denotes: a name, a code, or a code with a script
/// or region subtag (`zh-Hant`, `pt_BR`), which counts as its base language.
pub fn of_label(label: &str) -> Option<&'static Language> {
    lookup(label).or_else(|| {
        let base = label.split(['-', '_']).next().unwrap_or(label);
        (base.len() < label.len()).then(|| lookup(base)).flatten()
    })
}

/// How a file's language value is shown: a bare code gets its name (`de (German)`); names and
/// unknown values stay as they are.
pub fn describe(label: &str) -> String {
    match of_label(label) {
        Some(l) if !l.names.iter().any(|n| n.eq_ignore_ascii_case(label)) => format!("{label} ({})", l.name()),
        _ => label.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_codes_denote_the_same_language() {
        assert_eq!(lookup("de"), lookup("German"));
        assert_eq!(lookup("GERMAN"), lookup("de"));
        assert_eq!(lookup("iw"), lookup("Hebrew"));
        assert_eq!(lookup("und").map(Language::name), Some("unknown"));
        assert_eq!(lookup("volapük").map(|l| l.codes[0]), Some("vo"));
        assert_eq!(lookup("klingonese"), None);
    }

    #[test]
    fn subtags_count_as_their_base_language_only_in_file_values() {
        assert_eq!(of_label("zh-Hant").map(Language::name), Some("Chinese"));
        assert_eq!(of_label("pt_BR").map(Language::name), Some("Portuguese"));
        assert_eq!(lookup("zh-Hant"), None);
        assert_eq!(of_label("<err>"), None);
    }

    #[test]
    fn codes_and_names_are_unique_across_the_table() {
        let mut seen = std::collections::HashSet::new();
        for l in LANGUAGES {
            for s in l.names.iter().chain(l.codes) {
                assert!(seen.insert(s.to_lowercase()), "{s} appears twice");
            }
        }
    }

    #[test]
    fn codes_are_described_with_their_name() {
        assert_eq!(describe("de"), "de (German)");
        assert_eq!(describe("zh-Hant"), "zh-Hant (Chinese)");
        assert_eq!(describe("German"), "German");
        assert_eq!(describe("<err>"), "<err>");
    }
}
