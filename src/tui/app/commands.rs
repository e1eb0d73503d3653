//! Keys: what each command does in the pane, overlay or query that has the keys.

use super::super::action::{Command, Pane};
use super::super::external::External;
use super::super::keymap::Context;
use super::super::layout;
use super::super::state::picker::with_terms_added;
use super::super::state::picker::{PickerState, with_model_terms};
use super::super::state::ratings::{Method, RatingView, next_split, other_method};
use super::super::theme::Theme;
use super::super::view;
use super::{App, DataState, Overlay};
use crate::model::Winner;

impl App {
    pub(super) fn command(&mut self, cmd: Command) {
        if !matches!(self.data, DataState::Ready(_)) {
            // While loading (or after a failed load) only these make sense.
            match cmd {
                Command::Quit => self.should_quit = true,
                Command::Theme => self.toggle_theme(),
                _ => {}
            }
            return;
        }
        if self.edit_command(cmd) {
            return;
        }
        match self.context() {
            Context::Summary if cmd == Command::Export => self.open_review_export(),
            Context::Help | Context::Problems | Context::Summary => self.overlay_command(cmd),
            Context::Picker => self.picker_command(cmd),
            Context::Query => self.query_command(cmd),
            Context::Flag | Context::Note => self.flag_command(cmd),
            Context::Confirm if matches!(self.overlay, Some(Overlay::Export(_))) => self.export_confirm_command(cmd),
            Context::Confirm => self.confirm_command(cmd),
            Context::Export => self.export_command(cmd),
            Context::Copy => self.copy_command(cmd),
            Context::List
            | Context::Transcript
            | Context::Vote
            | Context::Ratings
            | Context::Global
            | Context::Blind => self.pane_command(cmd),
            // Never the context of the app: the editing keys are handled above.
            Context::Edit => {}
        }
    }

    /// The furthest a scrolling overlay scrolls: its last line at the bottom of the popup.
    pub(super) fn overlay_scroll_limit(&self) -> usize {
        let lines = match &self.overlay {
            Some(Overlay::Help { .. }) => view::help::content_height(&self.keymap, self.size.width),
            Some(Overlay::Problems { .. }) => view::problems::lines(self).len(),
            Some(Overlay::Summary { .. }) => view::summary::lines(self, self.size.width as usize).len(),
            _ => 0,
        };
        // The popups are the screen's height less 4, less their borders.
        lines.saturating_sub(usize::from(self.size.height.saturating_sub(6)))
    }

    pub(super) fn overlay_command(&mut self, cmd: Command) {
        let max = self.overlay_scroll_limit();
        let page = self.size.height.saturating_sub(8) as isize;
        let Some(Overlay::Help { scroll } | Overlay::Problems { scroll } | Overlay::Summary { scroll, .. }) =
            &mut self.overlay
        else {
            return;
        };
        let step = |s: &mut usize, d: isize| *s = s.saturating_add_signed(d).min(max);
        match cmd {
            Command::Top => *scroll = 0,
            Command::Bottom => *scroll = max,
            Command::Down => step(scroll, 1),
            Command::Up => step(scroll, -1),
            Command::PageDown => step(scroll, page),
            Command::PageUp => step(scroll, -page),
            Command::Close => self.overlay = None,
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    pub(super) fn picker_command(&mut self, cmd: Command) {
        let Some(Overlay::Picker(picker)) = &mut self.overlay else { return };
        match cmd {
            Command::Down => picker.move_by(1),
            Command::Up => picker.move_by(-1),
            Command::Mark => picker.toggle_mark(),
            Command::Choose | Command::ChooseEither => {
                let chosen = picker.chosen();
                self.overlay = None;
                let Some(index) = self.index() else { return };
                let names: Vec<String> = chosen.iter().map(|&m| index.model_name(m).to_owned()).collect();
                let refs: Vec<&str> = names.iter().map(String::as_str).collect();
                let text = with_model_terms(&self.query.text(), &refs, cmd == Command::ChooseEither);
                self.query.set_text(&text);
                self.send_search();
            }
            Command::Close => self.overlay = None,
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    pub(super) fn query_command(&mut self, cmd: Command) {
        let h = self.list_height();
        match cmd {
            Command::Submit => {
                if self.query.text() != self.query.sent_text {
                    self.send_search();
                }
                // An invalid query has no answer: the bar keeps the focus with its error.
                if self.query.error.is_some() && !self.query.running() {
                    return;
                }
                self.query.editing = false;
                self.focus = Pane::List;
            }
            Command::Back => self.query.editing = false,
            Command::Down => self.list.move_by(1, h),
            Command::Up => self.list.move_by(-1, h),
            Command::Quit => self.should_quit = true,
            _ => {}
        }
    }

    pub(super) fn pane_command(&mut self, cmd: Command) {
        let list_h = self.list_height();
        let page = list_h.saturating_sub(1).max(1) as isize;
        let t_h = self.transcript_height();
        let t_page = t_h.saturating_sub(2).max(1) as isize;
        match (self.focus, cmd) {
            (_, Command::Quit) => self.should_quit = true,
            (_, Command::Help) => self.overlay = Some(Overlay::Help { scroll: 0 }),
            (_, Command::FocusNext) => self.cycle_focus(1),
            (_, Command::FocusPrev) => self.cycle_focus(-1),
            (_, Command::EditQuery) => self.query.editing = true,
            (_, Command::ModelPicker) => {
                let counts = self.dataset().map(|d| d.model_battles.clone()).unwrap_or_default();
                let in_query = self.battles_per_model_in_list();
                self.overlay = Some(Overlay::Picker(Box::new(PickerState::new(&counts, in_query))));
            }
            (_, Command::RatingView) => self.cycle_rating_view(),
            (_, Command::RatingsSoFar) => self.rate_so_far(),
            (_, Command::RatingStyle) => {
                self.ratings.style = !self.ratings.style;
                if self.ratings.style && self.ratings.method != Method::BradleyTerry {
                    self.ratings.method = Method::BradleyTerry;
                }
                self.request_both_ratings();
            }
            (_, Command::RatingMethod) => {
                self.ratings.method = other_method(self.ratings.method);
                // Style control is a Bradley-Terry fit: online Elo shows the plain table.
                self.ratings.style = false;
                self.request_both_ratings();
            }
            (_, Command::RatingDedup) => {
                self.ratings.dedup = !self.ratings.dedup;
                self.request_both_ratings();
            }
            (_, Command::Blind) => self.toggle_blind(),
            (_, Command::Theme) => self.toggle_theme(),
            (_, Command::Problems) => {
                let skipped = self.dataset().is_some_and(|d| {
                    !d.report.problems.is_empty() || !d.report.kept_problems.is_empty() || !d.report.warnings.is_empty()
                });
                if skipped || !self.review.warnings.is_empty() {
                    self.overlay = Some(Overlay::Problems { scroll: 0 });
                } else {
                    self.notice = Some("no rows were skipped and the review store reported nothing".to_owned());
                }
            }
            (_, Command::Flag) => self.open_flag_dialog(),
            (_, Command::Unflag) => self.ask_unflag(),
            (_, Command::NextFlagged) => self.jump_flagged(true),
            (_, Command::PrevFlagged) => self.jump_flagged(false),
            (_, Command::Summary) => self.open_summary(),
            (_, Command::Copy) => self.open_copy_menu(),
            (_, Command::Pager) => self.open_elsewhere(External::Pager),
            (_, Command::Editor) => self.open_elsewhere(External::Editor),
            (_, Command::VoteA) => self.vote(Winner::ModelA),
            (_, Command::VoteB) => self.vote(Winner::ModelB),
            (_, Command::VoteTie) => self.vote(Winner::Tie),
            (_, Command::VoteBothBad) => self.vote(Winner::BothBad),
            (_, Command::ClearVote) => self.clear_vote(),
            (_, Command::NextToJudge) => self.next_to_judge(),
            (_, Command::NextMatch | Command::PrevMatch)
                if !self.transcript.jump_to_match(cmd == Command::NextMatch, t_h) =>
            {
                self.notice = Some(if self.query.highlighter.is_some() {
                    "no match of the query in this battle's text".to_owned()
                } else {
                    "no keywords in the query to jump to".to_owned()
                });
            }
            (Pane::List, Command::Down) => self.list.move_by(1, list_h),
            (Pane::List, Command::Up) => self.list.move_by(-1, list_h),
            (Pane::List, Command::PageDown) => self.list.move_by(page, list_h),
            (Pane::List, Command::PageUp) => self.list.move_by(-page, list_h),
            (Pane::List, Command::Top) => self.list.select(0, list_h),
            (Pane::List, Command::Bottom) => self.list.select(usize::MAX, list_h),
            (Pane::List, Command::Open) => {
                if self.ratings.shown && self.screen().is_some_and(|s| s.ratings.is_none()) {
                    self.ratings.shown = false;
                }
                self.focus = Pane::Transcript;
            }
            (Pane::List, Command::ExportQuery) => self.open_query_export(),
            (Pane::List, Command::Sort | Command::SortReverse) => {
                if cmd == Command::Sort {
                    self.list.sort = self.list.sort.next();
                } else {
                    self.list.descending = !self.list.descending;
                }
                if let DataState::Ready(d) = &self.data {
                    self.list.resort(&d.index, &d.ranks);
                }
            }
            (Pane::Transcript, Command::Down) => self.transcript.scroll_by(1, t_h),
            (Pane::Transcript, Command::Up) => self.transcript.scroll_by(-1, t_h),
            (Pane::Transcript, Command::PageDown) => self.transcript.scroll_by(t_page, t_h),
            (Pane::Transcript, Command::PageUp) => self.transcript.scroll_by(-t_page, t_h),
            (Pane::Transcript, Command::Top) => self.transcript.scroll_to_top(),
            (Pane::Transcript, Command::Bottom) => self.transcript.scroll_to_bottom(t_h),
            (Pane::Transcript, Command::Sync) => {
                if self.screen().is_some_and(|s| s.stacked) {
                    self.notice = Some(format!(
                        "the answers are stacked below {} columns; widen the terminal to scroll them apart",
                        layout::SIDE_BY_SIDE
                    ));
                } else {
                    self.transcript.independent = !self.transcript.independent;
                    self.transcript.scroll = [self.transcript.scroll[0]; 2];
                }
            }
            (Pane::Transcript, Command::OtherColumn) => {
                if self.transcript.doc.as_ref().is_some_and(|d| d.docs.len() > 1) {
                    self.transcript.column = 1 - self.transcript.column.min(1);
                } else {
                    let sync = self.keymap.key_name(Context::Transcript, Command::Sync);
                    self.notice = Some(format!("the answers scroll together; press {sync} to scroll them apart"));
                }
            }
            (Pane::Vote, Command::Down) => self.vote_scroll += 1,
            (Pane::Vote, Command::Up) => self.vote_scroll = self.vote_scroll.saturating_sub(1),
            (Pane::Vote, Command::Top) => self.vote_scroll = 0,
            (Pane::Ratings, Command::Down) => self.move_rating_cursor(1, 0),
            (Pane::Ratings, Command::Up) => self.move_rating_cursor(-1, 0),
            (Pane::Ratings, Command::NextColumn) => self.move_rating_cursor(0, 1),
            (Pane::Ratings, Command::PrevColumn) => self.move_rating_cursor(0, -1),
            (Pane::Ratings, Command::Top) => {
                self.ratings.cursor = 0;
                self.ratings.scroll = 0;
            }
            (Pane::Ratings, Command::RatingSplit) => {
                if self.ratings.view == RatingView::Split {
                    self.ratings.split = next_split(self.ratings.split);
                }
                self.ratings.view = RatingView::Split;
                self.ratings.column = 0;
                self.request_both_ratings();
            }
            (Pane::Ratings, Command::RatingBattles) => self.narrow_to_rating_cell(),
            (Pane::Transcript | Pane::Vote | Pane::Ratings, Command::Back) => self.focus = Pane::List,
            _ => {}
        }
    }

    /// Battles per model in the list as the query narrows it (`None` without a query).
    fn battles_per_model_in_list(&self) -> Option<Vec<usize>> {
        let d = self.dataset()?;
        if self.list.rows.len() == d.index.len() && self.query.error.is_none() {
            return None;
        }
        let mut counts = vec![0; d.model_battles.len()];
        for &b in &self.list.rows {
            let (a, m) = (d.index.model_a(b), d.index.model_b(b));
            counts[a.0 as usize] += 1;
            if m != a {
                counts[m.0 as usize] += 1;
            }
        }
        Some(counts)
    }

    pub(super) fn toggle_theme(&mut self) {
        self.theme = Theme::new(self.theme.name.other(), self.theme.no_color);
    }

    pub(super) fn cycle_focus(&mut self, step: isize) {
        let Some(screen) = self.screen() else { return };
        let order = screen.focus_order(self.ratings.shown);
        let pos = order.iter().position(|&p| p == self.focus).unwrap_or(0);
        let next = (pos as isize + step).rem_euclid(order.len() as isize) as usize;
        self.focus = order[next];
    }

    /// `r`: on wide screens cycles table → heat map → over time; on narrow screens the ratings
    /// first take the transcript's place, and after the last view give it back.
    pub(super) fn cycle_rating_view(&mut self) {
        let wide = self.screen().is_some_and(|s| s.ratings.is_some());
        let r = &mut self.ratings;
        if wide {
            r.view = r.view.next();
        } else if !r.shown {
            r.shown = true;
            self.focus = Pane::Ratings;
        } else if r.view == RatingView::OverTime {
            r.shown = false;
            r.view = RatingView::Table;
            if self.focus == Pane::Ratings {
                self.focus = Pane::List;
            }
        } else {
            r.view = r.view.next();
        }
        self.ratings.scroll = 0;
        self.ratings.cursor = 0;
        self.ratings.column = 0;
        let has_split = self.ratings.current.as_ref().is_some_and(|s| s.split.is_some());
        if self.ratings.view == RatingView::Split && !has_split {
            self.request_both_ratings();
        }
    }

    /// Moves the rating pane's cursor by rows and columns of the chosen view; the pane scrolls
    /// to keep it in sight (below the last row, `j` scrolls on to the notes).
    fn move_rating_cursor(&mut self, rows: isize, columns: isize) {
        let r = &mut self.ratings;
        let last = r.view_models().len().saturating_sub(1);
        if rows > 0 && r.cursor >= last {
            r.scroll += 1;
            return;
        }
        r.cursor = r.cursor.saturating_add_signed(rows).min(last);
        r.column = r.column.saturating_add_signed(columns).min(r.view_columns() - 1);
        let height = self
            .screen()
            .and_then(|s| s.ratings_pane(self.ratings.shown))
            .map_or(0, |p| usize::from(layout::inner(p).height));
        let r = &mut self.ratings;
        let line = r.view.header_lines() + r.cursor;
        if line < r.scroll + r.view.header_lines() {
            r.scroll = line.saturating_sub(r.view.header_lines());
        } else if height > 0 && line >= r.scroll + height {
            r.scroll = line + 1 - height;
        }
    }

    /// Rewrites the query so the list holds the battles behind the number under the rating
    /// pane's cursor (the model's, in the column's category; the pair's in the heat map), and
    /// runs it: the query stays visible and editable.
    fn narrow_to_rating_cell(&mut self) {
        let Some(index) = self.index() else { return };
        let Some(terms) = self.ratings.cell_terms(|m| index.model_name(m).to_owned()) else {
            self.notice = Some("no rating under the cursor".to_owned());
            return;
        };
        let text = with_terms_added(&self.query.text(), &terms);
        self.query.set_text(&text);
        self.send_search();
        self.ratings.cursor = 0;
        self.ratings.column = 0;
        self.ratings.scroll = 0;
        self.focus = Pane::List;
        self.notice = Some(format!("the battles behind that number: {}", terms.join(" ")));
    }
}
