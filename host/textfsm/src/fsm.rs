//! Running a template over text: the record being built, the value options' hooks, and
//! the state machine, with the semantics of textfsm's `ParseText`.

use serde_json::{Map, Value};

use crate::error::TextFsmError;
use crate::lines::split_lines;
use crate::rule::{LineOp, RecordOp};
use crate::table::Table;
use crate::template::{Target, Template};
use crate::value::{ValueDef, ValueOption};

/// A value's content: unset, a string, or a gathered list.
#[derive(Debug, Clone, PartialEq)]
enum Cell {
    Null,
    Str(String),
    List(Vec<Item>),
}

/// One element of a `List` value: the match, or its named groups.
#[derive(Debug, Clone, PartialEq)]
enum Item {
    Null,
    Str(String),
    Map(Vec<(String, Option<String>)>),
}

impl Cell {
    fn from(text: Option<&str>) -> Self {
        text.map_or(Cell::Null, |t| Cell::Str(t.to_string()))
    }

    /// Python truthiness: `None`, `''` and `[]` are false.
    fn truthy(&self) -> bool {
        match self {
            Cell::Null => false,
            Cell::Str(s) => !s.is_empty(),
            Cell::List(l) => !l.is_empty(),
        }
    }

    fn into_json(self) -> Value {
        match self {
            Cell::Null => Value::String(String::new()),
            Cell::Str(s) => Value::String(s),
            Cell::List(items) => Value::Array(items.into_iter().map(Item::into_json).collect()),
        }
    }
}

impl Item {
    fn into_json(self) -> Value {
        let text = |t: Option<String>| t.map_or(Value::Null, Value::String);
        match self {
            Item::Null => Value::Null,
            Item::Str(s) => Value::String(s),
            Item::Map(groups) => Value::Object(
                groups
                    .into_iter()
                    .map(|(k, v)| (k, text(v)))
                    .collect::<Map<_, _>>(),
            ),
        }
    }
}

/// The per-value state of a run.
#[derive(Debug, Clone)]
struct Slot {
    value: Cell,
    /// `Filldown`: the last assigned value, restored when the record is cleared.
    kept: Cell,
    /// `List`: the items gathered for the current record.
    items: Vec<Item>,
}

/// Why a record is not saved.
struct SkipRecord;

/// Where the machine is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Position {
    State(usize),
    End,
    Eof,
}

/// One pass of a template over one text.
struct Run<'t> {
    template: &'t Template,
    slots: Vec<Slot>,
    result: Vec<Vec<Cell>>,
    position: Position,
}

impl Template {
    /// Parses `text` (a command's output) into a table, as textfsm's `ParseText` does.
    pub fn parse(&self, text: &str) -> Result<Table, TextFsmError> {
        let empty = Slot {
            value: Cell::Null,
            kept: Cell::Null,
            items: Vec::new(),
        };
        let mut run = Run {
            template: self,
            slots: vec![empty; self.values.len()],
            result: Vec::new(),
            position: Position::State(self.start),
        };
        for line in split_lines(text) {
            run.check_line(line)?;
            if matches!(run.position, Position::End | Position::Eof) {
                break;
            }
        }
        if run.position != Position::End && !self.eof_state {
            run.append_record();
        }
        Ok(Table {
            header: self.header(),
            rows: run
                .result
                .into_iter()
                .map(|row| row.into_iter().map(Cell::into_json).collect())
                .collect(),
        })
    }
}

impl Run<'_> {
    fn check_line(&mut self, line: &str) -> Result<(), TextFsmError> {
        let Position::State(state) = self.position else {
            return Ok(());
        };
        let template = self.template;
        for (rule, target) in &template.states[state].rules {
            let captures = rule
                .regex
                .captures(line)
                .map_err(|reason| TextFsmError::Match {
                    template: template.name.clone(),
                    rule_line: rule.line,
                    input: line.to_string(),
                    reason,
                })?;
            let Some(captures) = captures else { continue };
            for (group, name) in rule.regex.named_groups() {
                if let Some(index) = template.values.iter().position(|v| v.name == name) {
                    self.assign(index, captures.get(group).map(|m| m.as_str()));
                }
            }
            match rule.record_op {
                RecordOp::Record => self.append_record(),
                RecordOp::Clear => self.clear_record(),
                RecordOp::Clearall => self.clear_all(),
                RecordOp::NoRecord => {}
            }
            match rule.line_op {
                LineOp::Error => {
                    return Err(TextFsmError::Rejected {
                        template: template.name.clone(),
                        rule_line: rule.line,
                        message: rule.error_message(),
                        input: line.to_string(),
                    });
                }
                LineOp::Continue => continue,
                LineOp::Next => {}
            }
            self.position = match *target {
                Target::Stay => self.position,
                Target::State(next) => Position::State(next),
                Target::End => Position::End,
                Target::Eof => Position::Eof,
            };
            break;
        }
        Ok(())
    }

    fn assign(&mut self, index: usize, text: Option<&str>) {
        let def = &self.template.values[index];
        let slot = &mut self.slots[index];
        slot.value = Cell::from(text);
        for option in &def.options {
            match option {
                ValueOption::Filldown => slot.kept = slot.value.clone(),
                ValueOption::Fillup if slot.value.truthy() => {
                    for row in self.result.iter_mut().rev() {
                        if row[index].truthy() {
                            break;
                        }
                        row[index] = slot.value.clone();
                    }
                }
                ValueOption::List => slot.items.push(list_item(def, text)),
                _ => {}
            }
        }
    }

    fn append_record(&mut self) {
        if self.template.values.is_empty() {
            return;
        }
        let mut record = Vec::with_capacity(self.slots.len());
        for (def, slot) in self.template.values.iter().zip(&mut self.slots) {
            if save(def, slot).is_err() {
                self.clear_record();
                return;
            }
            record.push(slot.value.clone());
        }
        if record
            .iter()
            .all(|c| !matches!(c, Cell::Str(_)) && !c.truthy())
        {
            return;
        }
        for cell in &mut record {
            if *cell == Cell::Null {
                *cell = Cell::Str(String::new());
            }
        }
        self.result.push(record);
        self.clear_record();
    }

    fn clear_record(&mut self) {
        for (def, slot) in self.template.values.iter().zip(&mut self.slots) {
            slot.value = Cell::Null;
            for option in &def.options {
                match option {
                    ValueOption::Filldown => slot.value = slot.kept.clone(),
                    ValueOption::List if !def.has(ValueOption::Filldown) => slot.items.clear(),
                    _ => {}
                }
            }
        }
    }

    fn clear_all(&mut self) {
        for (def, slot) in self.template.values.iter().zip(&mut self.slots) {
            slot.value = Cell::Null;
            for option in &def.options {
                match option {
                    ValueOption::Filldown => slot.kept = Cell::Null,
                    ValueOption::List => slot.items.clear(),
                    _ => {}
                }
            }
        }
    }
}

/// The hooks of saving a record, in option order: `Required` may refuse it, `List` turns
/// the gathered items into the value.
fn save(def: &ValueDef, slot: &mut Slot) -> Result<(), SkipRecord> {
    for option in &def.options {
        match option {
            ValueOption::Required if !slot.value.truthy() => return Err(SkipRecord),
            ValueOption::List => slot.value = Cell::List(slot.items.clone()),
            _ => {}
        }
    }
    Ok(())
}

/// A `List` item: with named groups inside the value's regex (and more than one group),
/// the groups as an object; otherwise the matched text.
fn list_item(def: &ValueDef, text: Option<&str>) -> Item {
    let Some(text) = text else { return Item::Null };
    let Some(regex) = def.list_regex.as_ref().filter(|r| r.groups() > 1) else {
        return Item::Str(text.to_string());
    };
    let named: Vec<(usize, &str)> = regex.named_groups().collect();
    match regex.captures(text) {
        Ok(Some(captures)) if !named.is_empty() => Item::Map(
            named
                .into_iter()
                .map(|(i, n)| {
                    (
                        n.to_string(),
                        captures.get(i).map(|m| m.as_str().to_string()),
                    )
                })
                .collect(),
        ),
        _ => Item::Str(text.to_string()),
    }
}

#[cfg(test)]
#[path = "fsm_tests.rs"]
mod tests;
