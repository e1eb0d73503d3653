//! Every command of the browser, declared once: its config name, its line in the help, its
//! default keys in each context and its status-bar hints. The `Command` enum, the config
//! file's names, the keymap's defaults, the help overlay and the hints are all generated from
//! the one table below, so adding a command is one entry here plus its handler in `app/`.

/// Where a key is pressed: a pane, the query being edited, or an overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    /// Keys that work in every pane (not while typing a query or in an overlay).
    Global,
    /// Keys that work in every pane while blind re-judging is on (the own votes).
    Blind,
    List,
    Transcript,
    Vote,
    Ratings,
    Query,
    Picker,
    /// The flag dialog, on its label list.
    Flag,
    /// The flag dialog, writing the note.
    Note,
    /// Editing text: the query, the model picker's filter and the note all use these keys.
    Edit,
    /// A yes/no question (removing a flag).
    Confirm,
    /// The summary of own votes against the crowd's.
    Summary,
    /// The copy menu.
    Copy,
    /// The export dialog.
    Export,
    Help,
    Problems,
}

impl Context {
    pub const ALL: [Context; 17] = [
        Context::Global,
        Context::Blind,
        Context::List,
        Context::Transcript,
        Context::Vote,
        Context::Ratings,
        Context::Query,
        Context::Picker,
        Context::Flag,
        Context::Note,
        Context::Edit,
        Context::Confirm,
        Context::Summary,
        Context::Copy,
        Context::Export,
        Context::Help,
        Context::Problems,
    ];

    /// The name used in the config file (`[keys.list]`).
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Blind => "blind",
            Context::List => "list",
            Context::Transcript => "transcript",
            Context::Vote => "vote",
            Context::Ratings => "ratings",
            Context::Query => "query",
            Context::Picker => "picker",
            Context::Flag => "flag",
            Context::Note => "note",
            Context::Edit => "edit",
            Context::Confirm => "confirm",
            Context::Summary => "summary",
            Context::Copy => "copy",
            Context::Export => "export",
            Context::Help => "help",
            Context::Problems => "problems",
        }
    }

    /// The heading in the help overlay.
    pub fn title(self) -> &'static str {
        match self {
            Context::Global => "Everywhere",
            Context::Blind => "Blind re-judging (everywhere while it is on)",
            Context::List => "Battle list",
            Context::Transcript => "Transcript",
            Context::Vote => "Vote & safety",
            Context::Ratings => "Ratings",
            Context::Query => "Editing the query",
            Context::Picker => "Model picker",
            Context::Flag => "Flag dialog: labels",
            Context::Note => "Flag dialog: writing the note",
            Context::Edit => "Editing text (the query, the model filter, the note)",
            Context::Confirm => "Questions",
            Context::Summary => "Votes against the crowd",
            Context::Copy => "Copy menu (OSC 52 clipboard)",
            Context::Export => "Export dialog",
            Context::Help => "Help",
            Context::Problems => "Skipped rows",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.into_iter().find(|c| c.name() == name)
    }

    /// Panes fall back to the global keys; typing contexts and overlays do not (a `q` typed
    /// into the query is a letter, not quit).
    pub(crate) fn falls_back_to_global(self) -> bool {
        matches!(self, Context::List | Context::Transcript | Context::Vote | Context::Ratings)
    }

    /// Where a key is looked up, in order: the context itself, then for panes the blind
    /// re-judging keys (while that is on) and the global keys, for text inputs the editing keys.
    pub(crate) fn lookup_chain(self, blind: bool) -> Vec<Context> {
        match (self, self.falls_back_to_global(), blind) {
            (Context::Query | Context::Picker | Context::Note | Context::Export, _, _) => vec![self, Context::Edit],
            (_, true, true) => vec![self, Context::Blind, Context::Global],
            (_, true, false) => vec![self, Context::Global],
            (_, false, _) => vec![self],
        }
    }
}

/// One command's entry in the table.
#[derive(Debug)]
pub(super) struct CommandSpec {
    pub(crate) command: Command,
    /// The name in the config file's `[keys.*]` tables.
    pub(crate) name: &'static str,
    /// Its line in the help overlay.
    pub(crate) description: &'static str,
    /// The default keys in each context where it works, in the form `Key::parse` reads.
    pub(crate) keys: &'static [(Context, &'static [&'static str])],
    /// Its status-bar hints. Commands whose hints in one context have the same label share
    /// one hint (`j/k move`); hints appear in the order of this table.
    pub(crate) hints: &'static [Hint],
}

/// A status-bar hint: the command's first key, then `label`.
#[derive(Debug)]
pub(super) struct Hint {
    pub(crate) context: Context,
    pub(crate) label: &'static str,
    /// Stays visible in a narrow bar: with help and quit every other key can be found.
    pub(crate) essential: bool,
}

/// The hint of the flag dialog's key that removes a flag (left out on a battle without one).
pub(super) const REMOVE_FLAG_HINT: &str = "remove flag";
/// The hint of the key that focuses the next pane (essential when one pane shows at a time).
pub(super) const PANE_HINT: &str = "pane";

macro_rules! essential {
    () => {
        false
    };
    (essential) => {
        true
    };
}

/// Declares the `Command` enum and [`COMMANDS`] from one list of entries:
/// `Variant "config_name" "help line" keys(Context: "key" "key"; ...) hints(Context: "label");`
macro_rules! commands {
    ($(
        $(#[doc = $doc:literal])*
        $variant:ident $name:literal $description:literal
        keys( $( $ctx:ident : $($key:literal)+ );* $(;)? )
        $( hints( $( $hctx:ident : $label:tt $($essential:ident)? );* $(;)? ) )?
        ;
    )*) => {
        /// What a bindable key does. The names are the keys of the config file's `[keys.*]`
        /// tables; the order is the order of the help overlay and of the status-bar hints.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Command {
            $( $(#[doc = $doc])* $variant, )*
        }

        /// Every command with its name, help line, default keys and hints.
        pub(crate) const COMMANDS: &[CommandSpec] = &[
            $( CommandSpec {
                command: Command::$variant,
                name: $name,
                description: $description,
                keys: &[ $( (Context::$ctx, &[ $($key),+ ]) ),* ],
                hints: &[ $( $( Hint {
                    context: Context::$hctx,
                    label: $label,
                    essential: essential!($($essential)?),
                } ),* )? ],
            }, )*
        ];
    };
}

commands! {
    /// Query editing: run the query and go to the list; the export dialog: export.
    Submit "submit" "run the query and go to the list (the export dialog: export)"
        keys(Query: "enter"; Export: "enter")
        hints(Query: "search"; Export: "export");
    Down "down" "down"
        keys(List: "j" "down"; Transcript: "j" "down"; Vote: "j" "down"; Ratings: "j" "down";
             Query: "down"; Picker: "down" "ctrl-n"; Flag: "j" "down"; Note: "down";
             Summary: "j" "down"; Help: "j" "down"; Problems: "j" "down")
        hints(List: "move"; Transcript: "scroll"; Vote: "scroll"; Ratings: "move"; Query: "move";
              Flag: "move"; Summary: "scroll"; Help: "scroll"; Problems: "scroll");
    Up "up" "up"
        keys(List: "k" "up"; Transcript: "k" "up"; Vote: "k" "up"; Ratings: "k" "up";
             Query: "up"; Picker: "up" "ctrl-p"; Flag: "k" "up"; Note: "up";
             Summary: "k" "up"; Help: "k" "up"; Problems: "k" "up")
        hints(List: "move"; Transcript: "scroll"; Vote: "scroll"; Ratings: "move"; Query: "move";
              Flag: "move"; Summary: "scroll"; Help: "scroll"; Problems: "scroll");
    PageDown "page_down" "page down"
        keys(List: "pagedown" "ctrl-d"; Transcript: "pagedown" "space" "ctrl-d";
             Summary: "pagedown" "space"; Help: "pagedown" "space"; Problems: "pagedown" "space");
    PageUp "page_up" "page up"
        keys(List: "pageup" "ctrl-u"; Transcript: "pageup" "ctrl-u";
             Summary: "pageup"; Help: "pageup"; Problems: "pageup");
    Top "top" "to the top"
        keys(List: "g" "home"; Transcript: "g" "home"; Vote: "g" "home"; Ratings: "g" "home";
             Help: "g" "home");
    Bottom "bottom" "to the bottom"
        keys(List: "G" "end"; Transcript: "G" "end"; Help: "G" "end");
    Open "open" "open the battle in the transcript"
        keys(List: "enter" "l" "right")
        hints(List: "open");
    Sort "sort" "sort by date, models, language, turns, answer length"
        keys(List: "s");
    /// The export dialog for the battles the query finds.
    ExportQuery "export_query" "export the battles the query finds (the export dialog)"
        keys(List: "x")
        hints(List: "export");
    SortReverse "sort_reverse" "reverse the sort order"
        keys(List: "S");
    EditQuery "edit_query" "edit the query"
        keys(Global: "/")
        hints(Global: "query");
    Help "help" "this help"
        keys(Global: "?" "f1")
        hints(Global: "help" essential);
    Quit "quit" "quit"
        keys(Global: "q" "ctrl-c"; Query: "ctrl-c"; Picker: "ctrl-c"; Flag: "ctrl-c"; Note: "ctrl-c";
             Confirm: "ctrl-c"; Summary: "ctrl-c"; Copy: "ctrl-c"; Export: "ctrl-c"; Help: "ctrl-c";
             Problems: "ctrl-c")
        hints(Global: "quit" essential);
    /// Flag the selected battle (or edit its flag): the flag dialog.
    Flag "flag" "flag the battle with labels and a note (or edit its flag)"
        keys(Global: "f")
        hints(Global: "flag");
    ModelPicker "model_picker" "pick models for the query"
        keys(Global: "m")
        hints(Global: "models");
    RatingView "rating_view" "ratings: table, side by side, win-fraction heat map, over time"
        keys(Global: "r")
        hints(Global: "ratings");
    NextMatch "next_match" "next match of the query"
        keys(Global: "n")
        hints(Transcript: "match");
    PrevMatch "prev_match" "previous match of the query"
        keys(Global: "N")
        hints(Transcript: "match");
    /// While the file loads, the pane waits for the whole data; this rates the battles so far.
    RatingsSoFar "ratings_so_far" "ratings: while the file loads, rate the battles loaded so far"
        keys(Global: "R");
    RatingMethod "rating_method" "ratings: Bradley-Terry or online Elo"
        keys(Global: "e")
        hints(Ratings: "Elo/BT");
    RatingStyle "rating_style" "ratings: plain or style-controlled Bradley-Terry"
        keys(Global: "c")
        hints(Ratings: "style");
    RatingDedup "rating_dedup" "ratings: drop over-frequent prompts first (deduplication) or not"
        keys(Global: "d")
        hints(Ratings: "dedup");
    RatingSplit "rating_split" "ratings side by side: by category, language or month"
        keys(Ratings: "s")
        hints(Ratings: "split");
    /// Ratings: narrow the list to the battles behind the number under the cursor.
    RatingBattles "rating_battles" "narrow the query to the battles behind the number under the cursor"
        keys(Ratings: "enter")
        hints(Ratings: "battles");
    PrevColumn "prev_column" "previous column"
        keys(Ratings: "h" "left");
    NextColumn "next_column" "next column"
        keys(Ratings: "l" "right");
    Blind "blind" "blind re-judging: hide model names and votes until you vote"
        keys(Global: "b")
        hints(Global: "blind");
    Theme "theme" "dark or light theme"
        keys(Global: "t");
    FocusNext "focus_next" "focus the next pane"
        keys(Global: "tab")
        hints(Global: PANE_HINT);
    FocusPrev "focus_prev" "focus the previous pane"
        keys(Global: "shift-tab");
    NextFlagged "next_flagged" "next flagged battle in the list"
        keys(Global: "]")
        hints(Global: "flagged");
    PrevFlagged "prev_flagged" "previous flagged battle in the list"
        keys(Global: "[")
        hints(Global: "flagged");
    Problems "problems" "problems: rows skipped while loading, review store warnings"
        keys(Global: "p");
    /// The copy menu; in it, what to copy to the terminal's clipboard (OSC 52).
    Copy "copy" "copy the battle's id, prompt, an answer or its JSON to the clipboard"
        keys(Global: "y")
        hints(Global: "copy");
    CopyId "copy_id" "copy: the battle's id"
        keys(Copy: "i" "y")
        hints(Copy: "id");
    CopyPrompt "copy_prompt" "copy: the prompt (every turn's)"
        keys(Copy: "p")
        hints(Copy: "prompt");
    CopyAnswer "copy_answer" "copy: the focused answer (A, or B when its column has the keys)"
        keys(Copy: "a")
        hints(Copy: "answer");
    CopyOtherAnswer "copy_other_answer" "copy: the other answer"
        keys(Copy: "o");
    CopyJson "copy_json" "copy: the whole battle as JSON (a `search --json` row)"
        keys(Copy: "j")
        hints(Copy: "JSON");
    /// The selected battle as Markdown in `$PAGER` or `$EDITOR`.
    Pager "pager" "read the battle as Markdown in $PAGER (less)"
        keys(Global: "O")
        hints(Global: "pager");
    Editor "editor" "open the battle as Markdown in $VISUAL / $EDITOR (vi)"
        keys(Global: "E");
    /// Own votes against the crowd's: agreement, confusion table, ratings.
    Summary "summary" "your votes against the crowd's: agreement, kappa, ratings"
        keys(Global: "v");
    Sync "sync" "scroll the two answers together or apart"
        keys(Transcript: "i")
        hints(Transcript: "sync");
    OtherColumn "other_column" "scroll the other answer (when apart)"
        keys(Transcript: "o");
    Back "back" "back to the battle list"
        keys(Transcript: "esc" "h" "left"; Vote: "esc"; Ratings: "esc"; Query: "esc")
        hints(Transcript: "back"; Query: "leave");
    /// Blind re-judging: the user's own vote.
    VoteA "vote_a" "vote: A is better"
        keys(Blind: "1")
        hints(Blind: "vote A/B/tie/both bad" essential);
    VoteB "vote_b" "vote: B is better"
        keys(Blind: "2")
        hints(Blind: "vote A/B/tie/both bad" essential);
    VoteTie "vote_tie" "vote: tie"
        keys(Blind: "3")
        hints(Blind: "vote A/B/tie/both bad" essential);
    VoteBothBad "vote_both_bad" "vote: both are bad"
        keys(Blind: "4")
        hints(Blind: "vote A/B/tie/both bad" essential);
    /// Blind re-judging: the next battle of the list without an own vote.
    NextToJudge "next_to_judge" "next battle in the list without your vote"
        keys(Blind: ">")
        hints(Blind: "next");
    /// Blind re-judging: take back the own vote on the selected battle (hides it again).
    ClearVote "clear_vote" "take back your vote on this battle (hides it again)"
        keys(Blind: "u");
    /// Model picker: mark or unmark the highlighted model.
    Mark "mark" "mark or unmark a model (up to two)"
        keys(Picker: "space" "tab")
        hints(Picker: "mark");
    /// Model picker: insert the marked models into the query.
    Choose "choose" "put the marked models into the query (two: battles between them)"
        keys(Picker: "enter")
        hints(Picker: "insert");
    /// Model picker: insert the marked models as one term, battles of either (`model:a|b`).
    ChooseEither "choose_either" "put the marked models into the query as either of them (model:a|b)"
        keys(Picker: "|")
        hints(Picker: "either");
    /// Flag dialog: check or uncheck the highlighted label.
    ToggleLabel "toggle_label" "check or uncheck the highlighted label"
        keys(Flag: "space" "enter")
        hints(Flag: "toggle");
    /// Flag dialog: the n-th key of this command checks or unchecks the n-th label.
    ToggleLabelNumber "toggle_label_number" "check or uncheck the label with that number (the nth key, the nth label)"
        keys(Flag: "1" "2" "3" "4" "5" "6" "7" "8" "9");
    /// Flag dialog: move between the labels and the note.
    SwitchField "switch_field" "move between the labels and the note"
        keys(Flag: "tab" "shift-tab"; Note: "tab" "shift-tab" "esc")
        hints(Flag: "note"; Note: "labels");
    /// Flag dialog: save the flag.
    Save "save" "save the flag"
        keys(Flag: "ctrl-s"; Note: "ctrl-s")
        hints(Flag: "save"; Note: "save");
    /// The export dialog for every flagged or voted battle.
    Export "export" "export every flagged or voted battle (the export dialog)"
        keys(Summary: "x")
        hints(Summary: "export");
    /// Export dialog: complete the folder being typed.
    ExportComplete "export_complete" "complete the folder name"
        keys(Export: "tab")
        hints(Export: "complete");
    /// Export dialog: dataset rows or preference pairs.
    ExportPairs "export_pairs" "dataset rows or preference pairs (chosen / rejected)"
        keys(Export: "ctrl-t")
        hints(Export: "rows/pairs");
    /// Export dialog: write the dataset card beside the file, or not (shown on its line).
    ExportCard "export_card" "dataset card (README.md) beside the file: on / off"
        keys(Export: "ctrl-n");
    /// Export dialog, pairs: keep ties and both-bad votes with a label, or leave them out.
    ExportTies "export_ties" "pairs: keep ties and both-bad votes (with a label) or leave them out"
        keys(Export: "ctrl-y");
    /// A question: yes.
    Confirm "confirm" "yes"
        keys(Confirm: "y" "enter")
        hints(Confirm: "yes");
    /// Overlays: close.
    Close "close" "close"
        keys(Picker: "esc"; Flag: "esc"; Confirm: "n" "esc"; Summary: "esc" "v" "q"; Copy: "esc" "q";
             Export: "esc"; Help: "esc" "?" "q" "f1"; Problems: "esc" "p" "q")
        hints(Picker: "cancel"; Flag: "cancel"; Confirm: "no"; Summary: "close"; Copy: "cancel";
              Export: "cancel"; Help: "close"; Problems: "close");
    /// Remove the selected battle's flag (asks first).
    Unflag "unflag" "remove the battle's flag (asks first)"
        keys(Global: "F"; Flag: "delete")
        hints(Flag: REMOVE_FLAG_HINT);
    /// The note: start a new line.
    NewLine "new_line" "start a new line in the note"
        keys(Note: "enter");
    CursorStart "cursor_start" "cursor to the start of the line"
        keys(Edit: "ctrl-a" "home");
    CursorEnd "cursor_end" "cursor to the end of the line"
        keys(Edit: "ctrl-e" "end");
    CursorBack "cursor_back" "cursor back a character"
        keys(Edit: "ctrl-b" "left");
    CursorForward "cursor_forward" "cursor forward a character"
        keys(Edit: "ctrl-f" "right");
    WordBack "word_back" "cursor back a word"
        keys(Edit: "alt-b" "ctrl-left");
    WordForward "word_forward" "cursor forward a word"
        keys(Edit: "alt-f" "ctrl-right");
    DeleteBack "delete_back" "delete the character before the cursor"
        keys(Edit: "backspace" "ctrl-h");
    DeleteForward "delete_forward" "delete the character under the cursor"
        keys(Edit: "delete" "ctrl-d");
    DeleteWordBack "delete_word_back" "delete the word before the cursor"
        keys(Edit: "ctrl-w" "alt-backspace");
    DeleteWordForward "delete_word_forward" "delete the word after the cursor"
        keys(Edit: "alt-d");
    DeleteToStart "delete_to_start" "delete to the start of the line"
        keys(Edit: "ctrl-u");
    DeleteToEnd "delete_to_end" "delete to the end of the line"
        keys(Edit: "ctrl-k");
    Undo "undo" "undo"
        keys(Edit: "ctrl-z");
    Redo "redo" "redo"
        keys(Edit: "ctrl-r");
}

impl Command {
    /// Every command, in the table's order.
    pub fn all() -> impl Iterator<Item = Command> {
        COMMANDS.iter().map(|s| s.command)
    }

    fn spec(self) -> &'static CommandSpec {
        // The table lists the variants in declaration order, so the discriminant is the index.
        &COMMANDS[self as usize]
    }

    /// The name used in the config file.
    pub fn name(self) -> &'static str {
        self.spec().name
    }

    pub fn from_name(name: &str) -> Option<Command> {
        COMMANDS.iter().find(|s| s.name == name).map(|s| s.command)
    }

    /// One line for the help overlay.
    pub fn description(self) -> &'static str {
        self.spec().description
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_the_enum_and_names_are_unique() {
        for (i, spec) in COMMANDS.iter().enumerate() {
            assert_eq!(spec.command as usize, i, "{}", spec.name);
            assert_eq!(Command::from_name(spec.name), Some(spec.command));
            assert!(!spec.description.is_empty(), "{}", spec.name);
        }
    }

    #[test]
    fn every_command_has_a_default_key_and_hints_name_contexts_it_reaches() {
        for spec in COMMANDS {
            assert!(!spec.keys.is_empty(), "{} has no key", spec.name);
            for hint in spec.hints {
                // A hint in a pane may name a global command; anywhere else it needs a key there.
                let reachable = spec
                    .keys
                    .iter()
                    .any(|(c, _)| *c == hint.context || (*c == Context::Global && hint.context.falls_back_to_global()));
                assert!(reachable, "{}: hint in {:?} without a key there", spec.name, hint.context);
            }
        }
    }
}
