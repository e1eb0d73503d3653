//! Prompts and answer sentences in languages other than English (all written for arenascope),
//! with each language's share of rows, roughly as in the real data.

/// One language the generator writes in.
pub struct Lang {
    /// The dataset's language name.
    pub name: &'static str,
    /// Share of rows.
    pub weight: f64,
    /// A question and the sentence that answers it.
    pub qa: &'static [(&'static str, &'static str)],
    /// A request for code and the index of the matching task in `bank::CODE_TASKS`.
    pub code: &'static [(&'static str, usize)],
    /// Sentences any answer may add.
    pub sentences: &'static [&'static str],
    pub openers: &'static [&'static str],
    pub closers: &'static [&'static str],
    pub follow_ups: &'static [&'static str],
}

/// A language tag that comes with only a prompt or two (rare or odd tags in the real data);
/// models answer these in English.
pub struct Oddity {
    pub name: &'static str,
    pub weight: f64,
    pub prompts: &'static [&'static str],
}

pub const ENGLISH_WEIGHT: f64 = 0.832;

pub const LANGS: &[Lang] = &[
    Lang {
        name: "Chinese",
        weight: 0.025,
        qa: &[
            ("如何提高睡眠质量？", "想提高睡眠质量，最重要的是每天在固定的时间睡觉和起床。"),
            ("请介绍一下长城。", "长城是中国古代修建的防御工程，总长度超过两万公里。"),
            ("给我推荐几本好看的科幻小说。", "可以试试《基地》和《沙丘》，它们都是经典的科幻作品。"),
            ("什么是机器学习？", "机器学习是让计算机从数据中自动学习规律的一种方法。"),
            ("写一首关于秋天的短诗", "秋风吹过金色的田野，\n落叶轻轻诉说离别。"),
        ],
        code: &[("用Python写一个判断素数的函数", 9), ("写一个反转字符串的函数", 0)],
        sentences: &[
            "首先，要明确自己的目标。",
            "其次，可以把问题分成几个小步骤。",
            "另外，坚持练习非常重要。",
            "这个问题没有唯一的答案，要看具体情况。",
            "如果还有疑问，可以继续问我。",
        ],
        openers: &["好的，下面是我的回答：", "当然可以！"],
        closers: &["希望对你有帮助！😊", "祝你好运！"],
        follow_ups: &["能再详细一点吗？", "谢谢！", "用英文再说一遍"],
    },
    Lang {
        name: "Russian",
        weight: 0.022,
        qa: &[
            ("Как быстро выучить английский язык?", "Главное — заниматься каждый день и как можно больше говорить."),
            (
                "Что такое чёрная дыра?",
                "Чёрная дыра — это область пространства, из которой не может вырваться даже свет.",
            ),
            ("Напиши короткое стихотворение о зиме.", "Снег ложится тихо на крыши,\nгород спит, и ветер всё тише."),
            (
                "Какие книги стоит прочитать каждому?",
                "Стоит начать с «Мастера и Маргариты» и «Преступления и наказания».",
            ),
        ],
        code: &[
            ("Напиши функцию на Python, которая проверяет, является ли число простым.", 9),
            ("Как развернуть строку в Python?", 0),
        ],
        sentences: &[
            "Во-первых, важно определить цель.",
            "Во-вторых, разбейте задачу на небольшие шаги.",
            "Регулярная практика даёт лучшие результаты.",
            "Всё зависит от конкретной ситуации.",
            "Если остались вопросы, спрашивайте.",
        ],
        openers: &["Конечно!", "Вот подробный ответ:"],
        closers: &["Надеюсь, это поможет!", "Удачи! 🍀"],
        follow_ups: &["Можно подробнее?", "Спасибо!"],
    },
    Lang {
        name: "Spanish",
        weight: 0.018,
        qa: &[
            (
                "¿Cuál es la capital de Australia?",
                "La capital de Australia es Canberra, no Sídney como mucha gente cree.",
            ),
            (
                "¿Cómo puedo aprender a programar desde cero?",
                "Empieza con un lenguaje sencillo como Python y haz pequeños proyectos desde el primer día.",
            ),
            (
                "Escribe un poema corto sobre el mar.",
                "El mar respira en la orilla,\ny cada ola es una promesa sencilla.",
            ),
            ("¿Qué es la inflación?", "La inflación es el aumento general de los precios a lo largo del tiempo."),
        ],
        code: &[
            ("Escribe una función en Python que invierta una cadena.", 0),
            ("¿Cómo calculo la serie de Fibonacci en JavaScript?", 2),
        ],
        sentences: &[
            "Primero, define bien tu objetivo.",
            "Después, divide el problema en pasos pequeños.",
            "La práctica constante es la clave.",
            "Todo depende de tu situación concreta.",
            "Si tienes más preguntas, aquí estoy.",
        ],
        openers: &["¡Claro!", "Por supuesto, aquí tienes una explicación:"],
        closers: &["¡Espero que te sirva!", "¡Mucha suerte! 😊"],
        follow_ups: &["¿Puedes explicarlo mejor?", "¡Gracias!"],
    },
    Lang {
        name: "Portuguese",
        weight: 0.016,
        qa: &[
            (
                "Qual é a melhor forma de aprender inglês?",
                "A melhor forma é praticar todos os dias, ouvindo, lendo e falando o máximo possível.",
            ),
            (
                "O que é fotossíntese?",
                "Fotossíntese é o processo em que as plantas usam a luz do sol para produzir açúcar e oxigênio.",
            ),
            (
                "Me dá uma receita de pão de queijo.",
                "Misture polvilho, leite, óleo, ovos e queijo ralado, faça bolinhas e asse por 25 minutos.",
            ),
            ("Escreva um poema curto sobre saudade.", "Saudade é a casa vazia\nonde ainda mora a alegria."),
        ],
        code: &[("Escreva uma função em Python que remova itens duplicados de uma lista.", 8)],
        sentences: &[
            "Primeiro, defina bem o seu objetivo.",
            "Depois, divida o problema em partes menores.",
            "A prática constante faz toda a diferença.",
            "Depende muito da sua situação.",
            "Se tiver mais dúvidas, é só perguntar.",
        ],
        openers: &["Claro!", "Com certeza, aqui vai:"],
        closers: &["Espero ter ajudado!", "Boa sorte! 😉"],
        follow_ups: &["Pode explicar melhor?", "Obrigado!"],
    },
    Lang {
        name: "German",
        weight: 0.016,
        qa: &[
            (
                "Wie funktioniert eine Wärmepumpe?",
                "Eine Wärmepumpe entzieht der Umgebung Wärme und hebt sie mit Hilfe von Strom auf ein höheres Temperaturniveau.",
            ),
            (
                "Was ist der Unterschied zwischen „seit“ und „seid“?",
                "„Seit“ bezieht sich auf die Zeit, „seid“ ist eine Form des Verbs „sein“.",
            ),
            (
                "Schreib mir ein kurzes Gedicht über den Herbst.",
                "Die Blätter fallen, golden, leis,\nder Wind erzählt vom nahen Eis.",
            ),
            (
                "Welche Sehenswürdigkeiten gibt es in München?",
                "Der Marienplatz, der Englische Garten und das Deutsche Museum sind sehr beliebt.",
            ),
        ],
        code: &[("Schreibe eine Python-Funktion, die prüft, ob ein Wort ein Palindrom ist.", 1)],
        sentences: &[
            "Zunächst sollte man das Ziel klar definieren.",
            "Danach hilft es, die Aufgabe in kleine Schritte zu teilen.",
            "Regelmäßiges Üben ist dabei entscheidend.",
            "Die genaue Antwort hängt von der Situation ab.",
            "Bei weiteren Fragen helfe ich gern.",
        ],
        openers: &["Gerne!", "Natürlich, hier ist eine Übersicht:"],
        closers: &["Ich hoffe, das hilft dir weiter!", "Viel Erfolg! 💪"],
        follow_ups: &["Kannst du das genauer erklären?", "Danke!"],
    },
    Lang {
        name: "French",
        weight: 0.013,
        qa: &[
            (
                "Quelle est la différence entre un virus et une bactérie ?",
                "Une bactérie est un être vivant unicellulaire, alors qu'un virus a besoin d'une cellule hôte pour se reproduire.",
            ),
            (
                "Peux-tu me donner une recette de crêpes ?",
                "Mélange 250 g de farine, 4 œufs, 50 cl de lait et une pincée de sel, puis laisse reposer la pâte une heure.",
            ),
            (
                "Écris un petit poème sur Paris.",
                "Paris s'éveille sous un ciel d'étain,\nla Seine murmure aux ponts du matin.",
            ),
            ("Comment améliorer mon sommeil ?", "Couche-toi et lève-toi à heures fixes, même le week-end."),
        ],
        code: &[("Écris une fonction Python qui compte les mots d'un texte.", 3)],
        sentences: &[
            "Tout d'abord, il faut bien définir l'objectif.",
            "Ensuite, découpe le problème en petites étapes.",
            "La régularité est essentielle.",
            "La réponse dépend beaucoup du contexte.",
            "N'hésite pas si tu as d'autres questions.",
        ],
        openers: &["Bien sûr !", "Voici une réponse détaillée :"],
        closers: &["J'espère que cela t'aide !", "Bonne chance ! 🍀"],
        follow_ups: &["Tu peux développer ?", "Merci !"],
    },
    Lang {
        name: "Japanese",
        weight: 0.009,
        qa: &[
            ("東京でおすすめの観光地を教えてください。", "浅草寺や明治神宮、渋谷のスクランブル交差点が人気です。"),
            ("日本語を早く上達させる方法は？", "毎日少しずつ、声に出して練習するのが一番の近道です。"),
            ("量子コンピュータとは何ですか？", "量子コンピュータは、量子ビットを使って計算を行うコンピュータです。"),
            ("夏の俳句を一つ作ってください。", "夏の夜　ほたるひとつが　道しるべ"),
        ],
        code: &[("Pythonで素数かどうか判定する関数を書いてください。", 9)],
        sentences: &[
            "まず、目的をはっきりさせることが大切です。",
            "次に、小さなステップに分けて進めましょう。",
            "毎日続けることで、少しずつ上達します。",
            "状況によって最適な方法は変わります。",
        ],
        openers: &["はい、お答えします。", "もちろんです！"],
        closers: &["参考になれば幸いです。", "他に質問があればどうぞ！"],
        follow_ups: &["もっと詳しく教えてください。", "ありがとう！"],
    },
    Lang {
        name: "Italian",
        weight: 0.008,
        qa: &[
            ("Come si prepara una vera carbonara?", "Servono guanciale, uova, pecorino e pepe nero: niente panna."),
            (
                "Cos'è l'intelligenza artificiale?",
                "L'intelligenza artificiale è un insieme di tecniche che permettono ai computer di imparare dai dati.",
            ),
            (
                "Scrivi una breve poesia sulla primavera.",
                "Torna la luce sui campi in fiore,\ne il vento porta un nuovo colore.",
            ),
        ],
        code: &[("Scrivi una funzione Python che calcoli il numero di Fibonacci.", 2)],
        sentences: &[
            "Prima di tutto, chiarisci il tuo obiettivo.",
            "Poi dividi il problema in piccoli passi.",
            "La costanza è fondamentale.",
            "Dipende molto dalla situazione.",
        ],
        openers: &["Certo!", "Ecco una spiegazione:"],
        closers: &["Spero di esserti stato utile!", "In bocca al lupo!"],
        follow_ups: &["Puoi spiegare meglio?", "Grazie!"],
    },
    Lang {
        name: "Korean",
        weight: 0.005,
        qa: &[
            ("서울에서 가볼 만한 곳을 추천해 주세요.", "경복궁, 북촌 한옥마을, 그리고 남산타워를 추천합니다."),
            ("김치찌개 만드는 법을 알려줘.", "잘 익은 김치와 돼지고기를 볶은 뒤 물을 붓고 두부를 넣어 끓이면 됩니다."),
            ("인공지능이란 무엇인가요?", "인공지능은 사람처럼 배우고 판단하는 컴퓨터 시스템을 말합니다."),
        ],
        code: &[("파이썬으로 문자열을 뒤집는 함수를 작성해 주세요.", 0)],
        sentences: &[
            "먼저 목표를 분명히 정하는 것이 중요합니다.",
            "매일 조금씩 꾸준히 하는 것이 좋습니다.",
            "상황에 따라 답이 달라질 수 있습니다.",
            "궁금한 점이 있으면 언제든지 물어보세요.",
        ],
        openers: &["네, 알려드릴게요.", "좋은 질문이에요!"],
        closers: &["도움이 되었으면 좋겠습니다! 😊", "행운을 빌어요!"],
        follow_ups: &["더 자세히 설명해 줄 수 있어?", "고마워!"],
    },
    Lang {
        name: "Polish",
        weight: 0.004,
        qa: &[
            (
                "Jak nauczyć się szybko programować?",
                "Najważniejsze jest codzienne pisanie kodu i budowanie małych projektów.",
            ),
            (
                "Co to jest fotosynteza?",
                "Fotosynteza to proces, w którym rośliny zamieniają światło słoneczne w energię chemiczną.",
            ),
            ("Napisz krótki wiersz o deszczu.", "Deszcz stuka cicho w szyby,\nświat na chwilę zwalnia, jakby."),
        ],
        code: &[("Napisz funkcję w Pythonie, która sprawdza, czy liczba jest pierwsza.", 9)],
        sentences: &[
            "Po pierwsze, określ jasno swój cel.",
            "Po drugie, podziel problem na mniejsze kroki.",
            "Regularna praktyka jest kluczowa.",
            "Wszystko zależy od sytuacji.",
        ],
        openers: &["Oczywiście!", "Oto odpowiedź:"],
        closers: &["Mam nadzieję, że to pomoże!", "Powodzenia!"],
        follow_ups: &["Możesz wyjaśnić dokładniej?", "Dzięki!"],
    },
    Lang {
        name: "Turkish",
        weight: 0.003,
        qa: &[
            (
                "İstanbul'da gezilecek yerler nelerdir?",
                "Ayasofya, Topkapı Sarayı ve Kapalıçarşı mutlaka görülmesi gereken yerlerdir.",
            ),
            (
                "Yapay zeka nedir?",
                "Yapay zeka, bilgisayarların verilerden öğrenmesini sağlayan yöntemlerin genel adıdır.",
            ),
            (
                "Sağlıklı kahvaltı için öneriler verir misin?",
                "Yumurta, peynir, zeytin, domates ve tam tahıllı ekmek iyi bir başlangıçtır.",
            ),
        ],
        code: &[("Python ile bir listedeki tekrar eden elemanları silen bir fonksiyon yaz.", 8)],
        sentences: &[
            "Öncelikle hedefini net bir şekilde belirle.",
            "Sonra problemi küçük adımlara böl.",
            "Düzenli pratik yapmak çok önemlidir.",
            "Cevap duruma göre değişebilir.",
        ],
        openers: &["Tabii ki!", "İşte cevabım:"],
        closers: &["Umarım yardımcı olmuştur!", "Bol şans!"],
        follow_ups: &["Biraz daha açıklar mısın?", "Teşekkürler!"],
    },
    Lang {
        name: "Arabic",
        weight: 0.003,
        qa: &[
            ("ما هي فوائد الرياضة اليومية؟", "الرياضة اليومية تقوي القلب وتحسن المزاج وتساعد على النوم الجيد."),
            ("كيف أتعلم البرمجة؟", "ابدأ بلغة سهلة مثل بايثون، وتدرّب كل يوم على مشاريع صغيرة."),
            ("اكتب قصيدة قصيرة عن القمر.", "يا قمرًا يضيء الليل الطويل،\nتحكي للنجوم حكاية الرحيل."),
        ],
        code: &[("اكتب دالة بلغة بايثون لعكس نص.", 0)],
        sentences: &[
            "أولًا، حدّد هدفك بوضوح.",
            "ثانيًا، قسّم المشكلة إلى خطوات صغيرة.",
            "الممارسة المستمرة هي المفتاح.",
            "الجواب يعتمد على الظروف.",
        ],
        openers: &["بالتأكيد!", "إليك الإجابة:"],
        closers: &["أتمنى أن يكون هذا مفيدًا!", "بالتوفيق! 🌟"],
        follow_ups: &["هل يمكنك التوضيح أكثر؟", "شكرًا!"],
    },
    Lang {
        name: "Dutch",
        weight: 0.003,
        qa: &[
            (
                "Wat zijn leuke dingen om te doen in Amsterdam?",
                "Een rondvaart door de grachten, het Rijksmuseum en het Vondelpark zijn aanraders.",
            ),
            ("Hoe maak ik een goede kop koffie?", "Gebruik vers gemalen bonen en water van net onder het kookpunt."),
        ],
        code: &[],
        sentences: &[
            "Bepaal eerst duidelijk je doel.",
            "Regelmatig oefenen is de sleutel.",
            "Het hangt af van de situatie.",
        ],
        openers: &["Natuurlijk!"],
        closers: &["Ik hoop dat dit helpt!"],
        follow_ups: &["Bedankt!"],
    },
    Lang {
        name: "Vietnamese",
        weight: 0.002,
        qa: &[
            ("Làm thế nào để học tiếng Anh hiệu quả?", "Bạn nên luyện nghe và nói mỗi ngày, dù chỉ mười lăm phút."),
            (
                "Phở được nấu như thế nào?",
                "Nước dùng phở được ninh từ xương bò với quế, hồi và gừng nướng trong nhiều giờ.",
            ),
            (
                "Trí tuệ nhân tạo là gì?",
                "Trí tuệ nhân tạo là lĩnh vực giúp máy tính học hỏi và đưa ra quyết định từ dữ liệu.",
            ),
        ],
        code: &[("Viết hàm Python đảo ngược một chuỗi.", 0)],
        sentences: &[
            "Trước hết, hãy xác định rõ mục tiêu của bạn.",
            "Sau đó, chia vấn đề thành các bước nhỏ.",
            "Luyện tập đều đặn là chìa khóa.",
        ],
        openers: &["Tất nhiên rồi!", "Đây là câu trả lời:"],
        closers: &["Hy vọng điều này hữu ích!", "Chúc bạn thành công!"],
        follow_ups: &["Bạn có thể giải thích rõ hơn không?", "Cảm ơn!"],
    },
    Lang {
        name: "Ukrainian",
        weight: 0.002,
        qa: &[
            ("Як швидко вивчити англійську мову?", "Найкраще займатися щодня і якомога більше говорити."),
            ("Що таке штучний інтелект?", "Штучний інтелект — це галузь, яка вчить комп'ютери навчатися на даних."),
        ],
        code: &[("Напиши функцію на Python, яка перевертає рядок.", 0)],
        sentences: &[
            "Спочатку визначте свою мету.",
            "Регулярна практика — це ключ до успіху.",
            "Усе залежить від ситуації.",
        ],
        openers: &["Звісно!"],
        closers: &["Сподіваюся, це допоможе!"],
        follow_ups: &["Дякую!"],
    },
    Lang {
        name: "Indonesian",
        weight: 0.002,
        qa: &[
            (
                "Bagaimana cara belajar bahasa Inggris dengan cepat?",
                "Latihlah mendengar dan berbicara setiap hari, walaupun hanya sebentar.",
            ),
            (
                "Apa itu kecerdasan buatan?",
                "Kecerdasan buatan adalah teknologi yang membuat komputer bisa belajar dari data.",
            ),
        ],
        code: &[("Buatkan fungsi Python untuk membalik sebuah string.", 0)],
        sentences: &[
            "Pertama, tentukan tujuanmu dengan jelas.",
            "Latihan rutin adalah kuncinya.",
            "Jawabannya tergantung pada situasinya.",
        ],
        openers: &["Tentu!"],
        closers: &["Semoga membantu!"],
        follow_ups: &["Terima kasih!"],
    },
    Lang {
        name: "Hebrew",
        weight: 0.002,
        qa: &[
            (
                "מה ההבדל בין מזג אוויר לאקלים?",
                "מזג אוויר מתאר את המצב ביום מסוים, ואקלים מתאר את הממוצע לאורך שנים רבות.",
            ),
            ("איך מכינים שקשוקה?", "מטגנים בצל ופלפל, מוסיפים עגבניות ותבלינים, ושוברים פנימה ביצים."),
            ("תן לי טיפים ללמידה למבחן.", "כדאי ללמוד בפרקי זמן קצרים ולחזור על החומר כמה פעמים."),
        ],
        code: &[("כתוב פונקציה בפייתון שבודקת אם מספר הוא ראשוני.", 9)],
        sentences: &[
            "קודם כל, חשוב להגדיר מטרה ברורה.",
            "אחר כך, כדאי לחלק את הבעיה לצעדים קטנים.",
            "תרגול קבוע עושה את ההבדל.",
            "התשובה תלויה במצב.",
        ],
        openers: &["בטח!", "הנה תשובה מפורטת:"],
        closers: &["מקווה שזה עוזר!", "בהצלחה! 🙂"],
        follow_ups: &["אפשר להסביר יותר?", "תודה!"],
    },
    Lang {
        name: "Greek",
        weight: 0.002,
        qa: &[
            ("Ποια είναι η πρωτεύουσα της Ελλάδας;", "Η πρωτεύουσα της Ελλάδας είναι η Αθήνα."),
            (
                "Πώς φτιάχνω χωριάτικη σαλάτα;",
                "Κόβεις ντομάτα, αγγούρι, κρεμμύδι και πιπεριά, και προσθέτεις ελιές, φέτα και ελαιόλαδο.",
            ),
            ("Τι είναι η δημοκρατία;", "Δημοκρατία είναι το πολίτευμα στο οποίο την εξουσία την έχει ο λαός."),
        ],
        code: &[("Γράψε μια συνάρτηση Python που αντιστρέφει ένα string.", 0)],
        sentences: &[
            "Πρώτα απ' όλα, όρισε με σαφήνεια τον στόχο σου.",
            "Μετά, χώρισε το πρόβλημα σε μικρά βήματα.",
            "Η συνεχής εξάσκηση είναι το κλειδί.",
            "Εξαρτάται από την περίπτωση.",
        ],
        openers: &["Φυσικά!", "Ορίστε μια απάντηση:"],
        closers: &["Ελπίζω να βοήθησα!", "Καλή επιτυχία!"],
        follow_ups: &["Μπορείς να το εξηγήσεις καλύτερα;", "Ευχαριστώ!"],
    },
    Lang {
        name: "Persian",
        weight: 0.0015,
        qa: &[
            (
                "بهترین راه یادگیری زبان انگلیسی چیست؟",
                "بهترین راه این است که هر روز کمی گوش دهید، بخوانید و صحبت کنید.",
            ),
            ("فتوسنتز چیست؟", "فتوسنتز فرایندی است که گیاهان با آن از نور خورشید غذا می‌سازند."),
        ],
        code: &[],
        sentences: &["اول هدف خود را مشخص کنید.", "تمرین منظم بسیار مهم است.", "پاسخ به شرایط بستگی دارد."],
        openers: &["حتماً!"],
        closers: &["امیدوارم مفید باشد!"],
        follow_ups: &["ممنون!"],
    },
    Lang {
        name: "Hindi",
        weight: 0.0015,
        qa: &[
            ("योग के क्या फायदे हैं?", "योग से शरीर लचीला होता है, तनाव कम होता है और नींद बेहतर होती है।"),
            ("भारत की राजधानी क्या है?", "भारत की राजधानी नई दिल्ली है।"),
            ("मुझे एक छोटी कविता लिखकर दो।", "सुबह की धूप आई है,\nनई उम्मीद लाई है।"),
        ],
        code: &[("पायथन में एक फ़ंक्शन लिखो जो बताए कि संख्या अभाज्य है या नहीं।", 9)],
        sentences: &["सबसे पहले, अपना लक्ष्य साफ़ तय करें।", "फिर समस्या को छोटे-छोटे हिस्सों में बाँटें।", "नियमित अभ्यास सबसे ज़रूरी है।"],
        openers: &["ज़रूर!", "यह रहा जवाब:"],
        closers: &["उम्मीद है इससे मदद मिलेगी!", "शुभकामनाएँ!"],
        follow_ups: &["थोड़ा और समझाइए।", "धन्यवाद!"],
    },
    Lang {
        name: "Swedish",
        weight: 0.001,
        qa: &[(
            "Vad är skillnaden mellan väder och klimat?",
            "Väder beskriver hur det är just nu, medan klimat är genomsnittet över många år.",
        )],
        code: &[],
        sentences: &["Börja med att bestämma ditt mål.", "Regelbunden träning är nyckeln."],
        openers: &["Självklart!"],
        closers: &["Hoppas det hjälper!"],
        follow_ups: &["Tack!"],
    },
    Lang {
        name: "Thai",
        weight: 0.001,
        qa: &[("ประเทศไทยมีอาหารอะไรอร่อยบ้าง", "ต้มยำกุ้ง ผัดไทย และส้มตำเป็นอาหารที่ได้รับความนิยมมาก")],
        code: &[],
        sentences: &["ก่อนอื่น ควรตั้งเป้าหมายให้ชัดเจน", "การฝึกฝนอย่างสม่ำเสมอเป็นสิ่งสำคัญ"],
        openers: &["ได้เลยครับ"],
        closers: &["หวังว่าจะเป็นประโยชน์นะครับ"],
        follow_ups: &["ขอบคุณครับ"],
    },
];

pub const ODDITIES: &[Oddity] = &[
    Oddity {
        name: "unknown",
        weight: 0.006,
        prompts: &["?", "asdfghjkl", "1+1", "🙂🙂🙂", "...", "ok", "print(\"hello\")", "h"],
    },
    Oddity {
        name: "Norwegian Nynorsk",
        weight: 0.0004,
        prompts: &["Kva heiter hovudstaden i Noreg?", "Kan du skrive eit kort dikt om fjella?"],
    },
    Oddity { name: "Latin", weight: 0.0004, prompts: &["Quid est veritas?", "Scribe carmen breve de luna."] },
    Oddity { name: "Māori", weight: 0.0003, prompts: &["Kia ora! He aha tō ingoa?"] },
    Oddity { name: "Esperanto", weight: 0.0003, prompts: &["Kiel vi fartas hodiaŭ?"] },
    Oddity { name: "Klingon", weight: 0.0002, prompts: &["nuqneH! tlhIngan Hol Dajatlh'a'?"] },
    Oddity { name: "zzp", weight: 0.0002, prompts: &["zzp zzp zzp", "qwertz uiop"] },
];
