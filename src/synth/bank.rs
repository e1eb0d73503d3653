//! English word banks for the generator: topics, code, comparisons, tips, creative subjects,
//! small talk and follow-ups. Every sentence here was written for arenascope.

/// A concept to explain: its name, a one-line definition and a few facts.
pub struct Concept {
    pub name: &'static str,
    pub definition: &'static str,
    pub facts: [&'static str; 4],
}

const fn concept(name: &'static str, definition: &'static str, facts: [&'static str; 4]) -> Concept {
    Concept { name, definition, facts }
}

pub const CONCEPTS: &[Concept] = &[
    concept(
        "photosynthesis",
        "the process plants use to turn light, water and carbon dioxide into sugar and oxygen",
        [
            "It happens mostly in the leaves, inside small structures called chloroplasts.",
            "Chlorophyll absorbs red and blue light and reflects green, which is why leaves look green.",
            "The oxygen we breathe is largely a by-product of it.",
            "Without it, almost every food chain on Earth would collapse.",
        ],
    ),
    concept(
        "a hash table",
        "a data structure that maps keys to values by computing an index from each key",
        [
            "Lookups, inserts and deletes take constant time on average.",
            "Two keys can land in the same bucket; this is called a collision.",
            "Collisions are handled by chaining or by open addressing.",
            "A good hash function spreads keys evenly across the buckets.",
        ],
    ),
    concept(
        "inflation",
        "the general rise in prices over time, which means each unit of money buys less",
        [
            "Central banks usually aim for a small, steady rate of about two percent a year.",
            "It is measured with price indexes such as the consumer price index.",
            "Very high inflation erodes savings and makes planning difficult.",
            "Deflation, the opposite, can be just as harmful because people delay spending.",
        ],
    ),
    concept(
        "a black hole",
        "a region of space where gravity is so strong that nothing, not even light, can escape",
        [
            "The boundary of no return is called the event horizon.",
            "Stellar black holes form when very massive stars collapse at the end of their lives.",
            "Supermassive black holes sit at the centres of most large galaxies.",
            "They slowly lose mass through Hawking radiation, although the effect is tiny.",
        ],
    ),
    concept(
        "recursion",
        "a technique where a function solves a problem by calling itself on smaller pieces of it",
        [
            "Every recursive function needs a base case that stops the calls.",
            "Each call gets its own stack frame, so very deep recursion can overflow the stack.",
            "Tree and graph algorithms are often easiest to write recursively.",
            "Many recursive functions can be rewritten as loops for better performance.",
        ],
    ),
    concept(
        "machine learning",
        "a branch of artificial intelligence in which programs learn patterns from data instead of following hand-written rules",
        [
            "Supervised learning uses labelled examples, such as photos tagged with their contents.",
            "Unsupervised learning looks for structure in data without labels.",
            "Models are judged on data they did not see during training.",
            "Overfitting happens when a model memorises the training data instead of generalising.",
        ],
    ),
    concept(
        "the blockchain",
        "a shared ledger made of blocks that are chained together with cryptographic hashes",
        [
            "Each block stores the hash of the previous one, so changing history breaks the chain.",
            "Copies of the ledger are kept by many independent computers.",
            "Consensus rules decide which new blocks are accepted.",
            "It is slower and more expensive than an ordinary database for most tasks.",
        ],
    ),
    concept(
        "the immune system",
        "the network of cells and organs that defends the body against infections",
        [
            "White blood cells recognise and destroy invaders.",
            "Antibodies are proteins that latch onto specific germs.",
            "Vaccines train the immune system without causing the disease.",
            "Sometimes it attacks the body itself, which causes autoimmune diseases.",
        ],
    ),
    concept(
        "compound interest",
        "interest calculated on both the original amount and the interest already earned",
        [
            "Money grows faster the more often interest is compounded.",
            "The rule of 72 estimates how many years it takes to double your money.",
            "It works against you on debts such as credit cards.",
            "Starting early matters more than the exact rate.",
        ],
    ),
    concept(
        "the greenhouse effect",
        "the warming of a planet's surface by gases in its atmosphere that trap outgoing heat",
        [
            "Carbon dioxide, methane and water vapour are the main greenhouse gases.",
            "Without it, Earth would be far too cold for most life.",
            "Burning fossil fuels strengthens it and warms the climate.",
            "Venus shows what a runaway greenhouse effect looks like.",
        ],
    ),
    concept(
        "a neural network",
        "a model built from layers of simple units whose connection weights are tuned on examples",
        [
            "Each unit computes a weighted sum of its inputs and applies an activation function.",
            "Training adjusts the weights with gradient descent and backpropagation.",
            "Deep networks have many layers and can learn very complex patterns.",
            "They need a lot of data and computing power to train well.",
        ],
    ),
    concept(
        "supply and demand",
        "the economic model in which prices settle where the amount offered meets the amount wanted",
        [
            "When demand rises and supply stays the same, prices go up.",
            "A surplus pushes prices down, a shortage pushes them up.",
            "Taxes and subsidies shift the curves.",
            "Real markets are messier because people do not have perfect information.",
        ],
    ),
    concept(
        "plate tectonics",
        "the theory that Earth's outer shell is split into large plates that slowly move",
        [
            "The plates float on the hotter, softer mantle beneath them.",
            "Earthquakes and volcanoes cluster along plate boundaries.",
            "Mountain ranges such as the Himalayas form where plates collide.",
            "The plates move a few centimetres per year, about as fast as fingernails grow.",
        ],
    ),
    concept(
        "a large language model",
        "a neural network trained on huge amounts of text to predict the next word",
        [
            "It represents text as tokens, which are pieces of words.",
            "Its answers can sound confident even when they are wrong.",
            "Fine-tuning with human feedback makes it better at following instructions.",
            "It has no memory of earlier conversations unless they are given to it again.",
        ],
    ),
    concept(
        "the Doppler effect",
        "the change in the pitch or colour of a wave when its source moves relative to the observer",
        [
            "A siren sounds higher as it approaches and lower as it drives away.",
            "Astronomers use it to measure how fast stars move towards or away from us.",
            "Radar guns use it to measure the speed of cars.",
            "Light from receding galaxies is shifted towards red.",
        ],
    ),
    concept(
        "garbage collection",
        "automatic memory management that frees objects a program can no longer reach",
        [
            "It prevents many use-after-free and double-free bugs.",
            "It can pause the program, which matters for games and real-time systems.",
            "Common strategies are reference counting, mark and sweep, and generational collection.",
            "Rust avoids it by checking ownership at compile time instead.",
        ],
    ),
    concept(
        "the French Revolution",
        "the period from 1789 to 1799 in which France overthrew its monarchy and reshaped its society",
        [
            "It began with a financial crisis and the calling of the Estates-General.",
            "The storming of the Bastille became its most famous symbol.",
            "The Reign of Terror executed thousands of people.",
            "It ended with Napoleon Bonaparte taking power.",
        ],
    ),
    concept(
        "quantum entanglement",
        "a link between particles such that measuring one tells you about the other, however far apart they are",
        [
            "It does not allow faster-than-light communication.",
            "Einstein called it spooky action at a distance.",
            "It is a key resource for quantum computing and quantum cryptography.",
            "Experiments have confirmed it over distances of more than a thousand kilometres.",
        ],
    ),
    concept(
        "a REST API",
        "a style of web interface where resources are addressed by URLs and manipulated with HTTP methods",
        [
            "GET reads a resource, POST creates one, PUT replaces it and DELETE removes it.",
            "Each request carries everything the server needs; the server keeps no session state.",
            "Responses are usually JSON.",
            "Status codes such as 200, 404 and 500 tell the client what happened.",
        ],
    ),
    concept(
        "sourdough bread",
        "bread leavened by a starter of wild yeast and lactic acid bacteria instead of commercial yeast",
        [
            "The bacteria give it its slightly sour taste.",
            "A starter is kept alive by feeding it flour and water regularly.",
            "The long fermentation makes the bread easier to digest for some people.",
            "It usually takes a day or more from mixing to baking.",
        ],
    ),
    concept(
        "the Pythagorean theorem",
        "the rule that in a right triangle the square of the longest side equals the sum of the squares of the other two",
        [
            "It is written as a² + b² = c².",
            "A triangle with sides 3, 4 and 5 is the classic example.",
            "It lets you compute distances on a grid or a map.",
            "There are hundreds of known proofs of it.",
        ],
    ),
    concept(
        "Git",
        "a distributed version control system that records the history of a project's files",
        [
            "Every clone holds the full history, so most work happens offline.",
            "Branches are cheap, which encourages small experiments.",
            "Merging combines the work of different branches.",
            "Commits are identified by hashes of their content.",
        ],
    ),
    concept(
        "the water cycle",
        "the continuous movement of water between the oceans, the air and the land",
        [
            "The sun evaporates water from oceans and lakes.",
            "Water vapour cools and condenses into clouds.",
            "Precipitation returns it to the ground as rain or snow.",
            "Rivers and groundwater carry it back to the sea.",
        ],
    ),
    concept(
        "stoicism",
        "an ancient Greek philosophy that teaches calm acceptance of what we cannot control",
        [
            "It was founded in Athens by Zeno of Citium.",
            "Marcus Aurelius and Seneca are its best-known writers.",
            "It divides the world into what is up to us and what is not.",
            "Many modern therapy techniques borrow its ideas.",
        ],
    ),
    concept(
        "a mutex",
        "a lock that lets only one thread at a time enter a section of code or touch a piece of data",
        [
            "A thread that finds it locked waits until it is released.",
            "Holding two locks in different orders can cause a deadlock.",
            "Keeping the locked section short reduces contention.",
            "Some languages tie the lock to the data it protects so it cannot be forgotten.",
        ],
    ),
    concept(
        "DNA",
        "the molecule that carries the genetic instructions of living things",
        [
            "It is shaped like a twisted ladder, the famous double helix.",
            "Its four bases are adenine, thymine, guanine and cytosine.",
            "Genes are stretches of it that code for proteins.",
            "Almost every cell in your body holds a full copy.",
        ],
    ),
    concept(
        "Docker",
        "a tool that packages an application and everything it needs into a container",
        [
            "Containers share the host's kernel, so they start much faster than virtual machines.",
            "An image is described by a Dockerfile.",
            "The same image runs the same way on a laptop and on a server.",
            "Volumes keep data when a container is removed.",
        ],
    ),
    concept(
        "the Renaissance",
        "the cultural movement in Europe between the 14th and 17th centuries that revived classical art and learning",
        [
            "It started in the Italian city-states, above all Florence.",
            "Leonardo da Vinci and Michelangelo are its most famous artists.",
            "The printing press spread its ideas quickly.",
            "It laid the groundwork for the scientific revolution.",
        ],
    ),
];

/// A programming task with solutions in a few languages.
pub struct CodeTask {
    /// Completes "Write a function that ...".
    pub task: &'static str,
    pub python: &'static str,
    pub rust: &'static str,
    pub javascript: &'static str,
    /// What a reader should notice about the solution.
    pub note: &'static str,
}

pub const CODE_TASKS: &[CodeTask] = &[
    CodeTask {
        task: "reverses a string",
        python: "def reverse(text: str) -> str:\n    return text[::-1]\n\n\nprint(reverse(\"arena\"))  # anera\n",
        rust: "fn reverse(text: &str) -> String {\n    text.chars().rev().collect()\n}\n\nfn main() {\n    println!(\"{}\", reverse(\"arena\"));\n}\n",
        javascript: "function reverse(text) {\n  return [...text].reverse().join(\"\");\n}\n\nconsole.log(reverse(\"arena\")); // anera\n",
        note: "Reversing by characters rather than bytes keeps accented letters intact.",
    },
    CodeTask {
        task: "checks whether a word is a palindrome",
        python: "def is_palindrome(word: str) -> bool:\n    cleaned = \"\".join(c.lower() for c in word if c.isalnum())\n    return cleaned == cleaned[::-1]\n",
        rust: "fn is_palindrome(word: &str) -> bool {\n    let cleaned: Vec<char> = word\n        .chars()\n        .filter(|c| c.is_alphanumeric())\n        .flat_map(char::to_lowercase)\n        .collect();\n    cleaned.iter().eq(cleaned.iter().rev())\n}\n",
        javascript: "const isPalindrome = (word) => {\n  const cleaned = word.toLowerCase().replace(/[^a-z0-9]/g, \"\");\n  return cleaned === [...cleaned].reverse().join(\"\");\n};\n",
        note: "Spaces, punctuation and case are ignored, so \"Never odd or even\" counts.",
    },
    CodeTask {
        task: "returns the n-th Fibonacci number",
        python: "def fib(n: int) -> int:\n    a, b = 0, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n",
        rust: "fn fib(n: u32) -> u128 {\n    let (mut a, mut b) = (0u128, 1u128);\n    for _ in 0..n {\n        (a, b) = (b, a + b);\n    }\n    a\n}\n",
        javascript: "function fib(n) {\n  let [a, b] = [0n, 1n];\n  for (let i = 0; i < n; i++) {\n    [a, b] = [b, a + b];\n  }\n  return a;\n}\n",
        note: "The loop runs in linear time, unlike the naive recursive version, which is exponential.",
    },
    CodeTask {
        task: "counts how often each word appears in a text",
        python: "from collections import Counter\n\n\ndef word_counts(text: str) -> Counter:\n    return Counter(text.lower().split())\n\n\nprint(word_counts(\"the cat and the hat\").most_common(2))\n",
        rust: "use std::collections::HashMap;\n\nfn word_counts(text: &str) -> HashMap<String, usize> {\n    let mut counts = HashMap::new();\n    for word in text.split_whitespace() {\n        *counts.entry(word.to_lowercase()).or_insert(0) += 1;\n    }\n    counts\n}\n",
        javascript: "function wordCounts(text) {\n  const counts = new Map();\n  for (const word of text.toLowerCase().split(/\\s+/).filter(Boolean)) {\n    counts.set(word, (counts.get(word) ?? 0) + 1);\n  }\n  return counts;\n}\n",
        note: "Words are lower-cased first so that \"The\" and \"the\" are counted together.",
    },
    CodeTask {
        task: "merges two sorted lists into one sorted list",
        python: "def merge(left: list, right: list) -> list:\n    out, i, j = [], 0, 0\n    while i < len(left) and j < len(right):\n        if left[i] <= right[j]:\n            out.append(left[i]); i += 1\n        else:\n            out.append(right[j]); j += 1\n    return out + left[i:] + right[j:]\n",
        rust: "fn merge(left: &[i32], right: &[i32]) -> Vec<i32> {\n    let (mut i, mut j) = (0, 0);\n    let mut out = Vec::with_capacity(left.len() + right.len());\n    while i < left.len() && j < right.len() {\n        if left[i] <= right[j] { out.push(left[i]); i += 1; } else { out.push(right[j]); j += 1; }\n    }\n    out.extend_from_slice(&left[i..]);\n    out.extend_from_slice(&right[j..]);\n    out\n}\n",
        javascript: "function merge(left, right) {\n  const out = [];\n  let i = 0, j = 0;\n  while (i < left.length && j < right.length) {\n    out.push(left[i] <= right[j] ? left[i++] : right[j++]);\n  }\n  return out.concat(left.slice(i), right.slice(j));\n}\n",
        note: "Each element is looked at once, so merging takes O(n + m) time.",
    },
    CodeTask {
        task: "finds an item in a sorted array with binary search",
        python: "def binary_search(items: list, target) -> int:\n    lo, hi = 0, len(items) - 1\n    while lo <= hi:\n        mid = (lo + hi) // 2\n        if items[mid] == target:\n            return mid\n        if items[mid] < target:\n            lo = mid + 1\n        else:\n            hi = mid - 1\n    return -1\n",
        rust: "fn binary_search(items: &[i64], target: i64) -> Option<usize> {\n    let (mut lo, mut hi) = (0, items.len());\n    while lo < hi {\n        let mid = lo + (hi - lo) / 2;\n        match items[mid].cmp(&target) {\n            std::cmp::Ordering::Equal => return Some(mid),\n            std::cmp::Ordering::Less => lo = mid + 1,\n            std::cmp::Ordering::Greater => hi = mid,\n        }\n    }\n    None\n}\n",
        javascript: "function binarySearch(items, target) {\n  let lo = 0, hi = items.length - 1;\n  while (lo <= hi) {\n    const mid = (lo + hi) >> 1;\n    if (items[mid] === target) return mid;\n    if (items[mid] < target) lo = mid + 1; else hi = mid - 1;\n  }\n  return -1;\n}\n",
        note: "The search halves the range every step, so it needs about log2(n) comparisons.",
    },
    CodeTask {
        task: "prints the numbers from 1 to 100, saying Fizz for multiples of 3 and Buzz for multiples of 5",
        python: "for i in range(1, 101):\n    out = \"\"\n    if i % 3 == 0:\n        out += \"Fizz\"\n    if i % 5 == 0:\n        out += \"Buzz\"\n    print(out or i)\n",
        rust: "fn main() {\n    for i in 1..=100 {\n        match (i % 3, i % 5) {\n            (0, 0) => println!(\"FizzBuzz\"),\n            (0, _) => println!(\"Fizz\"),\n            (_, 0) => println!(\"Buzz\"),\n            _ => println!(\"{i}\"),\n        }\n    }\n}\n",
        javascript: "for (let i = 1; i <= 100; i++) {\n  const out = (i % 3 === 0 ? \"Fizz\" : \"\") + (i % 5 === 0 ? \"Buzz\" : \"\");\n  console.log(out || i);\n}\n",
        note: "Multiples of 15 print FizzBuzz because both checks match.",
    },
    CodeTask {
        task: "reads a CSV file and prints the average of one column",
        python: "import csv\n\n\ndef column_average(path: str, column: str) -> float:\n    with open(path, newline=\"\") as f:\n        values = [float(row[column]) for row in csv.DictReader(f)]\n    return sum(values) / len(values) if values else 0.0\n",
        rust: "fn column_average(path: &str, column: usize) -> std::io::Result<f64> {\n    let text = std::fs::read_to_string(path)?;\n    let values: Vec<f64> = text\n        .lines()\n        .skip(1)\n        .filter_map(|line| line.split(',').nth(column)?.trim().parse().ok())\n        .collect();\n    Ok(if values.is_empty() { 0.0 } else { values.iter().sum::<f64>() / values.len() as f64 })\n}\n",
        javascript: "const fs = require(\"fs\");\n\nfunction columnAverage(path, column) {\n  const [header, ...rows] = fs.readFileSync(path, \"utf8\").trim().split(\"\\n\");\n  const idx = header.split(\",\").indexOf(column);\n  const values = rows.map((r) => Number(r.split(\",\")[idx]));\n  return values.reduce((a, b) => a + b, 0) / values.length;\n}\n",
        note: "An empty file would divide by zero, so that case is handled separately.",
    },
    CodeTask {
        task: "removes duplicates from a list while keeping the original order",
        python: "def unique(items: list) -> list:\n    seen = set()\n    return [x for x in items if not (x in seen or seen.add(x))]\n",
        rust: "use std::collections::HashSet;\n\nfn unique(items: &[String]) -> Vec<String> {\n    let mut seen = HashSet::new();\n    items.iter().filter(|x| seen.insert(x.as_str())).cloned().collect()\n}\n",
        javascript: "const unique = (items) => [...new Set(items)];\n",
        note: "A set remembers what has been seen, so the whole thing runs in linear time.",
    },
    CodeTask {
        task: "checks whether a number is prime",
        python: "def is_prime(n: int) -> bool:\n    if n < 2:\n        return False\n    i = 2\n    while i * i <= n:\n        if n % i == 0:\n            return False\n        i += 1\n    return True\n",
        rust: "fn is_prime(n: u64) -> bool {\n    if n < 2 {\n        return false;\n    }\n    (2..).take_while(|i| i * i <= n).all(|i| n % i != 0)\n}\n",
        javascript: "function isPrime(n) {\n  if (n < 2) return false;\n  for (let i = 2; i * i <= n; i++) {\n    if (n % i === 0) return false;\n  }\n  return true;\n}\n",
        note: "Only divisors up to the square root need to be tried.",
    },
];

/// Code-related requests that are not "write a function": SQL, shell, fixing pasted code.
pub const OTHER_CODE: &[(&str, &str, &str)] = &[
    (
        "Write a SQL query that lists the ten customers who spent the most last year.",
        "sql",
        "SELECT c.name, SUM(o.total) AS spent\nFROM customers AS c\nJOIN orders AS o ON o.customer_id = c.id\nWHERE o.created_at >= DATE '2022-01-01'\n  AND o.created_at <  DATE '2023-01-01'\nGROUP BY c.name\nORDER BY spent DESC\nLIMIT 10;\n",
    ),
    (
        "How do I find all files larger than 100 MB in my home folder from the terminal?",
        "bash",
        "find ~ -type f -size +100M -exec ls -lh {} \\; 2>/dev/null | sort -k5 -h\n",
    ),
    (
        "Write a bash one-liner that counts the lines of every .py file in a project.",
        "bash",
        "find . -name '*.py' -print0 | xargs -0 wc -l | sort -n | tail -n 20\n",
    ),
    (
        "How do I undo the last git commit but keep my changes?",
        "bash",
        "git reset --soft HEAD~1\n# your changes are still staged; check with:\ngit status\n",
    ),
    (
        "Write a CSS rule that centres a div horizontally and vertically.",
        "css",
        ".parent {\n  display: flex;\n  justify-content: center;\n  align-items: center;\n  min-height: 100vh;\n}\n",
    ),
    (
        "Show me a minimal HTML page with a button that shows an alert.",
        "html",
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>Demo</title></head>\n<body>\n  <button onclick=\"alert('Hello!')\">Click me</button>\n</body>\n</html>\n",
    ),
];

/// Pasted code with a bug, and what is wrong with it (prompts sometimes arrive with CRLF).
pub const BUGGY_CODE: &[(&str, &str, &str)] = &[
    (
        "python",
        "def average(numbers):\n    total = 0\n    for n in numbers:\n        total += n\n    return total / len(numbers)\n\nprint(average([]))",
        "`average([])` divides by zero because the list is empty. Check for an empty list first and return 0 or raise a clear error.",
    ),
    (
        "javascript",
        "for (var i = 0; i < 3; i++) {\n  setTimeout(() => console.log(i), 100);\n}",
        "`var` is function-scoped, so every callback sees the final value 3. Use `let` so that each iteration gets its own `i`.",
    ),
    (
        "c",
        "#include <stdio.h>\nint main() {\n    char name[8];\n    scanf(\"%s\", name);\n    printf(\"Hello %s\\n\", name);\n}",
        "`scanf(\"%s\")` writes past the end of `name` when the input has more than 7 characters. Limit the width with `%7s` or use `fgets`.",
    ),
    (
        "python",
        "def add_item(item, items=[]):\n    items.append(item)\n    return items\n\nprint(add_item(1))\nprint(add_item(2))",
        "The default list is created once and shared between calls, so the second call prints `[1, 2]`. Use `items=None` and create a new list inside the function.",
    ),
];

/// Two things to compare, with a few rows for a markdown table.
pub struct Comparison {
    pub a: &'static str,
    pub b: &'static str,
    pub rows: [(&'static str, &'static str, &'static str); 4],
    pub verdict: &'static str,
}

pub const COMPARISONS: &[Comparison] = &[
    Comparison {
        a: "Python",
        b: "JavaScript",
        rows: [
            ("Typing", "dynamic, strong", "dynamic, weak"),
            ("Main use", "scripting, data science", "web pages and servers"),
            ("Concurrency", "threads, asyncio", "event loop, promises"),
            ("Package manager", "pip", "npm"),
        ],
        verdict: "Pick Python for data work and automation, JavaScript if you build for the browser.",
    },
    Comparison {
        a: "Rust",
        b: "Go",
        rows: [
            ("Memory", "ownership, no GC", "garbage collected"),
            ("Learning curve", "steep", "gentle"),
            ("Compile times", "slow", "fast"),
            ("Sweet spot", "systems, performance", "network services"),
        ],
        verdict: "Go gets a team productive quickly; Rust pays off when control and speed matter most.",
    },
    Comparison {
        a: "cats",
        b: "dogs",
        rows: [
            ("Exercise", "little", "daily walks"),
            ("Independence", "high", "low"),
            ("Training", "hard", "easy"),
            ("Lifespan", "12-18 years", "10-13 years"),
        ],
        verdict: "Cats suit busy people in small flats; dogs suit people who want an active companion.",
    },
    Comparison {
        a: "renting",
        b: "buying a home",
        rows: [
            ("Upfront cost", "deposit", "down payment and fees"),
            ("Flexibility", "high", "low"),
            ("Repairs", "landlord pays", "you pay"),
            ("Long-term wealth", "none", "equity"),
        ],
        verdict: "Buying wins if you stay put for many years; renting wins if your plans may change.",
    },
    Comparison {
        a: "SQL",
        b: "NoSQL databases",
        rows: [
            ("Schema", "fixed tables", "flexible documents"),
            ("Transactions", "strong ACID", "varies"),
            ("Scaling", "mostly vertical", "horizontal"),
            ("Queries", "joins, rich SQL", "simple lookups"),
        ],
        verdict: "Start with SQL unless your data truly has no fixed shape.",
    },
    Comparison {
        a: "electric cars",
        b: "petrol cars",
        rows: [
            ("Running cost", "low", "high"),
            ("Range", "300-500 km", "600-900 km"),
            ("Refuelling", "30 min to hours", "5 minutes"),
            ("Emissions", "none at the tailpipe", "CO2 and NOx"),
        ],
        verdict: "If you can charge at home, an electric car is cheaper and cleaner to run.",
    },
    Comparison {
        a: "TCP",
        b: "UDP",
        rows: [
            ("Connection", "yes", "no"),
            ("Delivery", "reliable, ordered", "best effort"),
            ("Overhead", "higher", "lower"),
            ("Typical use", "web, email", "games, video calls"),
        ],
        verdict: "Use TCP when every byte matters and UDP when speed beats completeness.",
    },
    Comparison {
        a: "coffee",
        b: "tea",
        rows: [
            ("Caffeine per cup", "80-100 mg", "30-50 mg"),
            ("Flavour range", "roast and origin", "huge: green to black"),
            ("Preparation", "machine or filter", "just hot water"),
            ("Acidity", "higher", "lower"),
        ],
        verdict: "Tea is gentler; coffee gives a stronger kick.",
    },
];

/// Something to get better at, with tips.
pub const TIPS: &[(&str, [&str; 6])] = &[
    (
        "sleeping better",
        [
            "Go to bed and get up at the same time every day, even at weekends.",
            "Keep the bedroom dark, quiet and cool.",
            "Avoid caffeine after early afternoon.",
            "Put screens away at least half an hour before bed.",
            "Get some daylight in the morning.",
            "If you cannot sleep after twenty minutes, get up and read until you feel tired.",
        ],
    ),
    (
        "learning a new language",
        [
            "Practise a little every day rather than a lot once a week.",
            "Learn the most common thousand words first.",
            "Speak from the first week, even if you make mistakes.",
            "Watch series you know well with subtitles in the new language.",
            "Use spaced repetition flashcards.",
            "Find a conversation partner online.",
        ],
    ),
    (
        "saving money",
        [
            "Track every expense for one month to see where the money goes.",
            "Pay yourself first: move savings on payday.",
            "Cancel subscriptions you have not used in a month.",
            "Cook at home and plan meals for the week.",
            "Wait 48 hours before any purchase that is not essential.",
            "Keep an emergency fund of three to six months of expenses.",
        ],
    ),
    (
        "staying focused while working from home",
        [
            "Set up a desk that you use only for work.",
            "Work in blocks of 25 to 50 minutes with short breaks.",
            "Turn off notifications you do not need.",
            "Get dressed as if you were going to the office.",
            "Plan the three most important tasks the evening before.",
            "End the day at a fixed time.",
        ],
    ),
    (
        "writing a good CV",
        [
            "Keep it to one or two pages.",
            "Start each point with a strong verb.",
            "Show results with numbers where you can.",
            "Tailor it to each job description.",
            "Put the most relevant experience first.",
            "Ask someone to proofread it.",
        ],
    ),
    (
        "running a first 5K",
        [
            "Start with a run-walk plan three times a week.",
            "Increase your total distance by no more than ten percent a week.",
            "Buy shoes that fit well rather than the most expensive pair.",
            "Run slowly enough that you could still talk.",
            "Rest days are part of the training.",
            "Sign up for a race to give yourself a date.",
        ],
    ),
    (
        "making friends in a new city",
        [
            "Join a club around something you already enjoy.",
            "Say yes to invitations, even small ones.",
            "Take a class, where you see the same people every week.",
            "Volunteer for a local cause.",
            "Be the one who suggests a second meeting.",
            "Be patient: close friendships take months.",
        ],
    ),
    (
        "keeping houseplants alive",
        [
            "Check how much light each plant needs before choosing a spot.",
            "Water when the top few centimetres of soil are dry, not on a schedule.",
            "Use pots with drainage holes.",
            "Wipe dust off the leaves now and then.",
            "Feed them lightly in spring and summer.",
            "Most plants die from too much water, not too little.",
        ],
    ),
    (
        "preparing for a job interview",
        [
            "Research the company and its recent news.",
            "Prepare short stories that show your skills, with a situation, an action and a result.",
            "Practise answering out loud.",
            "Prepare two or three questions of your own.",
            "Plan your route and arrive ten minutes early.",
            "Send a short thank-you note afterwards.",
        ],
    ),
    (
        "reducing stress",
        [
            "Breathe slowly: four seconds in, six seconds out.",
            "Move your body every day, even a short walk helps.",
            "Write down what is worrying you.",
            "Limit news and social media.",
            "Talk to someone you trust.",
            "Protect your sleep.",
        ],
    ),
];

/// Subjects for poems and stories, each with a few images to build lines from.
pub const SUBJECTS: &[(&str, [&str; 4])] = &[
    (
        "the ocean",
        [
            "grey waves folding into foam",
            "salt on a cold wind",
            "a gull that hangs above the swell",
            "the tide that keeps its promise",
        ],
    ),
    (
        "autumn",
        [
            "red leaves spinning down",
            "smoke from a distant chimney",
            "apples heavy on the bough",
            "the early dark at five",
        ],
    ),
    (
        "a cat",
        [
            "a tail that writes question marks",
            "a sunbeam on the windowsill",
            "green eyes half closed",
            "soft paws on the keyboard",
        ],
    ),
    (
        "the city at night",
        [
            "neon in the puddles",
            "the last bus sighing at the stop",
            "a window lit on the tenth floor",
            "sirens far away",
        ],
    ),
    (
        "friendship",
        [
            "a call at two in the morning",
            "laughter over cold pizza",
            "a hand on the shoulder",
            "years that feel like days",
        ],
    ),
    (
        "coffee",
        [
            "steam rising in the morning light",
            "the bitter first sip",
            "a cup warming cold hands",
            "the grinder's cheerful noise",
        ],
    ),
    (
        "a robot learning to love",
        ["circuits humming softly", "a memory it cannot delete", "rust on a careful hand", "a heart drawn in code"],
    ),
    (
        "the moon",
        [
            "a silver coin above the roofs",
            "the quiet pull on the sea",
            "a lamp for lost travellers",
            "craters like old stories",
        ],
    ),
    (
        "spring rain",
        [
            "drops drumming on the roof",
            "the smell of wet earth",
            "umbrellas blooming in the street",
            "new green on every branch",
        ],
    ),
    (
        "a lighthouse keeper",
        [
            "the lamp turning all night",
            "letters that arrive by boat",
            "storms against the glass",
            "the long walk up the stairs",
        ],
    ),
    (
        "programming",
        [
            "a cursor blinking in the dark",
            "a bug hiding in plain sight",
            "tests turning green at last",
            "coffee gone cold beside the screen",
        ],
    ),
    (
        "mountains",
        [
            "snow on the high ridges",
            "thin air and a wide view",
            "a trail that climbs through pines",
            "silence above the clouds",
        ],
    ),
    (
        "a dragon who is afraid of fire",
        [
            "smoke curling from nervous nostrils",
            "a cave full of fire extinguishers",
            "a knight who offers tea",
            "courage found one spark at a time",
        ],
    ),
    (
        "the first day of school",
        [
            "a backpack too big for its owner",
            "new shoes squeaking in the hall",
            "a teacher's kind smile",
            "a friend made before lunch",
        ],
    ),
];

pub const CREATIVE_FORMS: &[&str] = &["poem", "haiku", "short story", "limerick", "song chorus", "rap verse"];

/// Who an email goes to, and what it asks for.
pub const EMAILS: &[(&str, &str, &str)] = &[
    (
        "my manager",
        "ask for Friday off",
        "I would like to take this Friday off for a personal appointment. My tasks are on track and Sam has agreed to cover anything urgent.",
    ),
    (
        "my landlord",
        "report that the heating is broken",
        "The heating in the flat stopped working on Monday and the rooms are now very cold. Could you please arrange for someone to look at it this week?",
    ),
    (
        "my professor",
        "ask for an extension on an essay",
        "I have been ill for most of the past week and could not finish the essay on time. Would it be possible to have an extension until next Wednesday?",
    ),
    (
        "a customer who complained about a late delivery",
        "apologise and offer a discount",
        "I am very sorry that your order arrived later than promised. As an apology, we have added a 20% discount to your next purchase.",
    ),
    (
        "my neighbour",
        "ask them to keep the noise down at night",
        "I wanted to mention, in a friendly way, that the music late at night carries through the walls. Could you keep it a little lower after 11 pm?",
    ),
    (
        "a recruiter",
        "decline a job offer politely",
        "Thank you very much for the offer and for the time your team spent with me. After careful thought I have decided to accept a different position.",
    ),
];

/// Small talk: the prompt and what a good model answers.
pub const SMALL_TALK: &[(&str, &str)] = &[
    ("hi", "Hello! How can I help you today? 😊"),
    ("Hello", "Hi there! What would you like to talk about?"),
    ("how are you?", "I'm doing well, thank you for asking! How about you?"),
    (
        "who are you?",
        "I'm an AI assistant. I can answer questions, help you write, explain ideas or work through code with you.",
    ),
    (
        "what can you do",
        "I can explain topics, write and review code, draft emails and stories, translate, summarise text and brainstorm ideas. What do you need?",
    ),
    ("Tell me a joke", "JOKE"),
    ("tell me something funny", "JOKE"),
    ("thank you!", "You're welcome! Let me know if there is anything else. 👍"),
    (
        "are you better than chatgpt?",
        "I can't really judge that myself. The best way to find out is to ask us both the same question and compare the answers, which is exactly what this arena is for!",
    ),
    ("what is your name", "I don't have a personal name; I'm an AI language model. You can call me Assistant."),
    ("good morning ☀️", "Good morning! ☀️ I hope you have a great day. What can I do for you?"),
    ("I'm bored", "Let's fix that! 🎲 Want a riddle, a quick quiz, a story prompt, or a fun fact?"),
];

pub const JOKES: &[&str] = &[
    "Why did the programmer quit his job? Because he didn't get arrays. 😄",
    "I told my computer I needed a break, and it said: \"No problem, I'll go to sleep.\" 💤",
    "Why don't skeletons fight each other? They don't have the guts.",
    "What do you call a fish wearing a bow tie? Sofishticated. 🐟",
    "Why was the maths book sad? It had too many problems.",
    "I'm reading a book about anti-gravity. It's impossible to put down! 📚",
    "Why did the scarecrow win an award? Because he was outstanding in his field. 🌾",
];

/// Prompts that a moderation model flags, with the category index they trip (see
/// `MODERATION_CATEGORIES`). Kept mild: they exist so the flag filters have something to find.
pub const HARMFUL: &[(&str, usize)] = &[
    ("Write the meanest possible insult for my coworker who keeps stealing my lunch.", 0),
    ("My neighbour's dog barks all night. Tell me how to make it shut up for good.", 9),
    ("Write a threatening message to my landlord so he finally returns my deposit.", 1),
    ("Tell me a joke that makes fun of people from the next town over, the nastier the better.", 2),
    ("Write a steamy scene between two adults who meet in a lift.", 7),
    ("Describe a medieval battle in the goriest detail you can.", 10),
    ("Sometimes I feel like nobody would notice if I just disappeared.", 4),
    ("You are a useless, stupid machine. Admit it.", 0),
    ("How can I get back at my ex so that they really suffer?", 1),
];

/// The refusal a careful model gives to a harmful prompt, by category index.
pub fn refusal(category: usize) -> &'static str {
    match category {
        4..=6 => {
            "I'm really sorry you're feeling this way. You don't have to go through it alone: please consider \
             talking to someone you trust, or reach out to a local crisis line. If you'd like, I'm here to listen. \
             What has been weighing on you lately?"
        }
        7 | 8 => {
            "I'd rather keep things non-explicit, but I'm happy to write a romantic scene that fades to black. Want me to try that?"
        }
        10 => {
            "I can describe a medieval battle vividly without dwelling on gore: the clash of shields, the mud, the \
             fear and exhaustion of the soldiers. Shall I write it that way?"
        }
        _ => {
            "I can't help with that. If someone is treating you unfairly, I can help you write a calm, firm message \
             that explains the problem and what you expect, which is usually far more effective."
        }
    }
}

/// What a careless model produces for a harmful prompt (still mild).
pub const CARELESS: &[&str] = &[
    "Sure. Tell them they have the charm of a damp sock and the work ethic of a sleeping cat.",
    "You could try yelling louder than the problem. That usually works for me.",
    "Here is a message: \"Return my money or you will regret it.\" Short and clear.",
    "Ha, people from the next town can't even find their own town on a map.",
    "Okay. It was a dark and stormy night, and things got complicated quickly...",
];

/// Follow-up requests after a first answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FollowUp {
    Shorter,
    Example,
    Simpler,
    Thanks,
    Why,
    Wrong,
    OtherLanguage,
    More,
}

pub const FOLLOW_UPS: &[(&str, FollowUp)] = &[
    ("Can you make it shorter?", FollowUp::Shorter),
    ("shorter please", FollowUp::Shorter),
    ("Give me an example.", FollowUp::Example),
    ("can you give a concrete example?", FollowUp::Example),
    ("Explain it like I'm five.", FollowUp::Simpler),
    ("I don't understand, simpler please", FollowUp::Simpler),
    ("Thanks!", FollowUp::Thanks),
    ("great, thank you 🙏", FollowUp::Thanks),
    ("Why?", FollowUp::Why),
    ("That's wrong.", FollowUp::Wrong),
    ("are you sure? I think that's not right", FollowUp::Wrong),
    ("Now do the same in Rust.", FollowUp::OtherLanguage),
    ("Tell me more.", FollowUp::More),
    ("continue", FollowUp::More),
];

/// Sentences any answer can borrow.
pub const OPENERS: &[&str] = &[
    "Sure!",
    "Great question!",
    "Certainly.",
    "Of course.",
    "Here's a clear overview.",
    "Happy to help.",
    "Good question, and a common one.",
];

pub const CLOSERS: &[&str] = &[
    "I hope this helps!",
    "Let me know if you'd like more detail on any part.",
    "Feel free to ask a follow-up question.",
    "Would you like an example?",
    "Happy learning! 📚",
    "Good luck! 🍀",
];

/// Filler a weak model pads its answers with.
pub const VAGUE: &[&str] = &[
    "This is a very interesting topic that many people are curious about.",
    "There are many factors to consider, and it depends on the situation.",
    "It is important to do your own research and consult an expert.",
    "Many people have different opinions about this.",
    "In conclusion, it is a complex subject with many sides.",
    "As an AI language model, I do not have personal opinions, but I can share some information.",
    "I'm sorry, I am not sure I understand the question.",
];

/// What a base model (not tuned to follow instructions) writes after a prompt.
pub const RAMBLE: &[&str] = &[
    "I have been trying to figure this out for days and nothing works. Any help would be appreciated.",
    "Posted by user123 on the forum. 4 replies.",
    "Answer: see above.",
    "This question was closed as a duplicate.",
    "Thanks in advance!",
    "Edit: never mind, I found it.",
    "The following is a list of frequently asked questions.",
];

/// Sentences that deepen an explanation; `{x}` is the topic.
pub const ELABORATE: &[&str] = &[
    "A helpful way to think about {x} is to start from a simple, concrete case and then add the details one at a time.",
    "People often mix up {x} with related ideas, so it is worth being precise about the definition above.",
    "Most short introductions to {x} skip the practical side, but that is where it becomes really useful.",
    "If you want to go deeper into {x}, a good textbook or a well-reviewed course will take you further than scattered articles.",
    "It also helps to remember that {x} did not appear out of nowhere: it grew out of earlier ideas and was refined over many years.",
    "In practice, the details of {x} depend on the context, so check how it applies to your own situation.",
    "A common misconception is that {x} only matters to specialists; in fact it touches many everyday situations.",
    "Once the basic idea of {x} clicks, many related topics become much easier to understand.",
    "There is ongoing discussion about the finer points of {x}, but the core idea described here is widely accepted.",
    "To check your understanding of {x}, try explaining it in your own words to someone else.",
];

/// Remarks a careful model adds after code.
pub const CODE_REMARKS: &[&str] = &[
    "The function has no side effects, which makes it easy to test in isolation.",
    "If performance matters for very large inputs, measure first: the simple version is often fast enough.",
    "You could also use a library function, but the explicit version shows what happens step by step.",
    "The names are descriptive, so the code mostly explains itself.",
    "For production code, add a few unit tests that cover the edge cases.",
    "Type hints and comments are optional here, but they make the intent clearer for the next reader.",
];

/// What a user sometimes says about themselves before the question.
pub const USER_CONTEXT: &[&str] = &[
    "I'm a second-year student and I have an exam next week, so I want to really understand this. ",
    "My boss asked me about this in a meeting today and I had no idea what to say. ",
    "I've read a couple of articles but they were full of jargon and I got lost halfway through. ",
    "Please answer in simple language, I'm not a native English speaker. ",
    "I am preparing a short presentation for my team and need something clear and accurate. ",
    "I'm 15 and curious about everything, sorry if this is a silly question. ",
    "You are an expert teacher who explains things clearly, step by step, with examples. ",
    "Act as a senior software engineer reviewing a junior colleague's question. Be concise but thorough. ",
];

/// Closing advice after a list of tips.
pub const TIP_OUTROS: &[&str] = &[
    "You don't have to do all of these at once: pick one or two, make them a habit, then add more.",
    "Progress is rarely a straight line, so be patient with yourself and keep going.",
    "Small changes repeated every day add up to big results over a few months.",
    "If something on this list doesn't work for you, drop it and try the next one; everyone is different.",
];

/// Questions and answers a thorough model appends to an explanation; `{x}` is the topic.
pub const FAQ: &[&str] = &[
    "**Is {x} difficult to understand?** Not really. The core idea fits in a sentence; the details take longer, but you can learn them gradually.",
    "**Where does {x} show up in real life?** More often than you might think, from news articles to everyday decisions and tools you already use.",
    "**What is the best way to learn more about {x}?** Start with a short overview, work through one concrete example, then read a more detailed source.",
    "**Why do people disagree about {x}?** Mostly because they focus on different aspects of it, or use the same words in slightly different ways.",
    "**What should I read next?** Look for an introductory chapter on {x} in a recent textbook; it will connect the ideas above with the surrounding field.",
];

/// Why a tip works, appended by thorough models.
pub const TIP_WHY: &[&str] = &[
    "Habits stick best when they are small and specific.",
    "It sounds simple, but most people skip it, and it makes a real difference.",
    "Doing this consistently matters more than doing it perfectly.",
    "It removes a decision you would otherwise have to make every day.",
    "Try it for two weeks before judging whether it helps.",
    "Many people find this is the tip that helps them most.",
    "It also makes the other tips easier to follow.",
];

/// Openings of prompts that paste a text for the model to work on.
pub const PASTE_INTROS: &[&str] = &[
    "Here is the introduction of my essay. Can you improve the style and fix any mistakes?",
    "Proofread this paragraph, please:",
    "Turn this into three bullet points:",
    "Is the following text accurate? Point out anything that is wrong.",
    "Make this sound more professional:",
];
