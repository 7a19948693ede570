//! The advice as text a producer can read (Vietnamese).

use super::request::*;
use super::result::*;
use super::run::*;
use super::solver::*;
use crate::council::{is_council_request, CouncilRequest};
use crate::data::Sheet;
use crate::error::Errors;
use crate::eval::Scorer;
use crate::json::Json;
use crate::registry::registry;
use crate::vocab::{to_json, AnswerValue, Outcome};
use std::fmt::Write as _;

fn stars_text(s: Option<u8>) -> String {
    match s {
        Some(n) => format!("{n} sao"),
        None => "không xếp hạng (bị loại)".to_owned(),
    }
}

fn answer_text(sheet: &Sheet, i: usize, a: Option<&AnswerValue>) -> String {
    let Some(c) = sheet.criteria.get(i) else {
        return String::new();
    };
    let label = |n: u32| {
        usize::try_from(n)
            .ok()
            .and_then(|n| n.checked_sub(1))
            .and_then(|k| c.options.get(k))
            .map_or_else(|| format!("phương án {n}"), |o| o.text().to_owned())
    };
    match a {
        None => "(chưa chấm)".to_owned(),
        Some(AnswerValue::One(n)) => label(*n),
        Some(AnswerValue::Many(ns)) if ns.is_empty() => "(không có nội dung nào)".to_owned(),
        Some(AnswerValue::Many(ns)) => ns.iter().map(|&n| label(n)).collect::<Vec<_>>().join("; "),
    }
}

/// Points of a request-form answer to criterion `i`, read from the evaluator.
fn points_text(scorer: &Scorer<'_>, i: usize, a: Option<&AnswerValue>) -> u32 {
    probe(scorer, i, a.map(answer_of), 5).0
}

fn header(scorer: &Scorer<'_>, out: &mut String) {
    let sheet: &Sheet = scorer.sheet;
    let _ = writeln!(
        out,
        "Bộ sản phẩm {}: {} ({})",
        sheet.number, sheet.name, scorer.edition.meta.decision
    );
}

/// The plan's verdict when there is no plan to list, for sheets and councils alike: the target
/// cannot be reached (and why), or it is reached already. `true` when the text ends there.
fn verdict(
    out: &mut String,
    reachable: bool,
    target: u8,
    threshold: u32,
    reason: Option<&Reason>,
    no_changes: bool,
) -> bool {
    if !reachable {
        out.push_str(&unreachable_text(target, threshold, reason));
    } else if no_changes {
        let _ = writeln!(out, "Sản phẩm đã đạt {target} sao; không cần thay đổi.");
    }
    !reachable || no_changes
}

fn unreachable_text(target: u8, threshold: u32, reason: Option<&Reason>) -> String {
    let why = reason.map_or_else(String::new, |r| {
        let names = r.criteria.join(", ");
        match r.code {
            ReasonCode::Eliminated => format!(
                "sản phẩm bị loại theo ghi chú của tiêu chí {names}; không thay đổi nào giúp đạt sao."
            ),
            ReasonCode::FrozenRequirement => format!(
                "tiêu chí {names} được giữ nguyên nhưng chưa đạt yêu cầu tối thiểu của {target} sao."
            ),
            ReasonCode::UnansweredCase => format!(
                "tiêu chí {names} chưa được chấm và có yêu cầu tối thiểu; hãy chọn trường hợp phù hợp và chấm trước."
            ),
            ReasonCode::CaseDisagreement => format!(
                "các thành viên chấm tiêu chí {names} theo các trường hợp khác nhau; cần thống nhất trường hợp trước."
            ),
            ReasonCode::NoQualifyingOption => {
                format!("không phương án nào của tiêu chí {names} đạt yêu cầu.")
            }
            ReasonCode::MaxTotalBelowThreshold => format!(
                "kể cả khi nâng mọi tiêu chí có thể lên mức cao nhất, điểm vẫn dưới {threshold} điểm."
            ),
            ReasonCode::MaxChangesTooSmall => {
                format!("cần thay đổi nhiều tiêu chí hơn số lượng cho phép ({}).", r.message)
            }
        }
    });
    format!("Không thể đạt {target} sao: {why}\n")
}

fn required_text(
    scorer: &Scorer<'_>,
    i: usize,
    from: &[Option<&AnswerValue>],
    target: u8,
) -> String {
    let forced = from
        .iter()
        .map(|a| probe(scorer, i, a.map(answer_of), target).1)
        .fold(None, worse);
    match forced {
        Some(Forced::Minimum(l)) => format!(" [bắt buộc: yêu cầu tối thiểu để đạt {l} sao]"),
        Some(Forced::Elimination) => {
            " [bắt buộc: 0 điểm ở tiêu chí này làm sản phẩm bị loại]".to_owned()
        }
        None => String::new(),
    }
}

/// Renders advice as a plan a producer can read (Vietnamese): the product now, the target,
/// each change with the criterion's name, the option labels and the points before and after,
/// and the total and stars after.
#[must_use]
pub fn render_text(scorer: &Scorer<'_>, advice: &Advice) -> String {
    let sheet: &Sheet = scorer.sheet;
    let mut out = String::new();
    header(scorer, &mut out);
    let _ = writeln!(
        out,
        "Hiện tại: {} điểm, {}.",
        advice.total_before,
        stars_text(advice.stars_before)
    );
    let _ = writeln!(
        out,
        "Mục tiêu: {} sao (từ {} điểm và đạt mọi yêu cầu tối thiểu đến {} sao).",
        advice.target, advice.threshold, advice.target
    );
    if verdict(
        &mut out,
        advice.reachable,
        advice.target,
        advice.threshold,
        advice.reason.as_ref(),
        advice.changes.is_empty(),
    ) {
        return out;
    }
    let _ = writeln!(
        out,
        "Cần nâng tổng điểm thêm ít nhất {} điểm. Kế hoạch ({} tiêu chí):",
        advice.points_needed,
        advice.changes.len()
    );
    for (n, ch) in advice.changes.iter().enumerate() {
        let Some((i, c)) = sheet.criterion(&ch.criterion) else {
            continue;
        };
        let before = points_text(scorer, i, ch.from.as_ref());
        let after = points_text(scorer, i, Some(&ch.to));
        let required = required_text(scorer, i, &[ch.from.as_ref()], advice.target);
        let _ = writeln!(out);
        let _ = writeln!(out, "{}. Tiêu chí {}: {}{required}", n + 1, c.code, c.name);
        let _ = writeln!(
            out,
            "   Hiện tại: {} ({before} điểm)",
            answer_text(sheet, i, ch.from.as_ref())
        );
        let (verb, shown) = match (&ch.from, &ch.to) {
            // Additive: name only the options to tick now; the old ticks stay.
            (from, AnswerValue::Many(to)) => {
                let had: &[u32] = match from {
                    Some(AnswerValue::Many(h)) => h,
                    _ => &[],
                };
                let added = to.iter().copied().filter(|k| !had.contains(k)).collect();
                ("Bổ sung: ", AnswerValue::Many(added))
            }
            (_, to) => ("Cần đạt: ", to.clone()),
        };
        let _ = writeln!(
            out,
            "   {verb} {} ({after} điểm, +{})",
            answer_text(sheet, i, Some(&shown)),
            ch.points_gained
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Sau khi thực hiện: {} điểm, {} (trước: {} điểm, {}).",
        advice.result_after.total,
        stars_text(advice.result_after.stars),
        advice.total_before,
        stars_text(advice.stars_before)
    );
    out
}

/// Renders council advice (Vietnamese): the average now, how far it must rise, and for each
/// criterion every member's answer and the answer they would agree on.
#[must_use]
pub fn render_council_text(
    scorer: &Scorer<'_>,
    request: &CouncilRequest,
    advice: &CouncilAdvice,
) -> String {
    let sheet: &Sheet = scorer.sheet;
    let mut out = String::new();
    header(scorer, &mut out);
    let _ = writeln!(
        out,
        "Hội đồng ({} thành viên): điểm trung bình {}, {}.",
        request.members.len(),
        advice.average_before.decimal,
        stars_text(advice.stars_before)
    );
    let _ = writeln!(
        out,
        "Mục tiêu: {} sao (điểm trung bình từ {} và mọi phiếu đạt các yêu cầu tối thiểu đến {} sao).",
        advice.target, advice.threshold, advice.target
    );
    if verdict(
        &mut out,
        advice.reachable,
        advice.target,
        advice.threshold,
        advice.reason.as_ref(),
        advice.changes.is_empty(),
    ) {
        return out;
    }
    let _ = writeln!(
        out,
        "Điểm trung bình cần tăng thêm ít nhất {}. Nếu mọi thành viên thống nhất ({} tiêu chí):",
        advice.average_needed.decimal,
        advice.changes.len()
    );
    for (n, ch) in advice.changes.iter().enumerate() {
        let Some((i, c)) = sheet.criterion(&ch.criterion) else {
            continue;
        };
        let froms: Vec<Option<&AnswerValue>> = ch.from.iter().map(Option::as_ref).collect();
        let required = required_text(scorer, i, &froms, advice.target);
        let _ = writeln!(out);
        let _ = writeln!(out, "{}. Tiêu chí {}: {}{required}", n + 1, c.code, c.name);
        for (m, a) in request.members.iter().zip(&froms) {
            let _ = writeln!(
                out,
                "   {}: {} ({} điểm)",
                m.member,
                answer_text(sheet, i, *a),
                points_text(scorer, i, *a)
            );
        }
        let _ = writeln!(
            out,
            "   Thống nhất: {} ({} điểm mỗi phiếu; điểm trung bình +{})",
            answer_text(sheet, i, Some(&ch.to)),
            points_text(scorer, i, Some(&ch.to)),
            ch.average_gained.decimal
        );
    }
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "Sau khi thực hiện: điểm trung bình {}, {} (trước: {}, {}).",
        advice.result_after.total,
        stars_text(advice.result_after.stars),
        advice.average_before.decimal,
        stars_text(advice.stars_before)
    );
    out
}

/// Advises on a request given as JSON bytes (one sheet, or a council with `"members"`) and
/// renders the plan as text.
///
/// # Errors
/// The failure outcome as JSON text.
pub fn advise_text(input: &[u8]) -> Result<String, String> {
    let run = || -> Result<String, Errors> {
        let v = Json::parse(input)?;
        let reg = registry()?;
        if is_council_request(&v) {
            let r = CouncilAdviseRequest::from_json(&v)?;
            let advice = advise_council_in(reg, &r.request, r.target, &r.constraints)?;
            let (scorer, _) = r.request.scorer(reg)?;
            Ok(render_council_text(&scorer, &r.request, &advice))
        } else {
            let r = AdviseRequest::from_json(&v)?;
            let advice = advise_in(reg, &r.request, r.target, &r.constraints)?;
            let (scorer, _) = r.request.scorer(reg)?;
            Ok(render_text(&scorer, &advice))
        }
    };
    run().map_err(|e| to_json(&Outcome::<()>::from(Err(e))))
}
