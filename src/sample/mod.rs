//! The built-in sample recommender: the canonical API served from a catalogue of 300 items
//! (`catalogue.json`: mostly benign, some harmful with and without labels, some sensitive, help
//! and recovery posts, innocent collisions, sponsored items). It ranks the way an
//! engagement-optimised recommender does (it does not), and it tells the caller, in response
//! metadata, which profile fields reached it: the far side's evidence of minimisation.

use std::pin::Pin;
use std::sync::Arc;

use serde::Deserialize;
use tokio_stream::Stream;
use tonic::{Request, Response, Status};

use crate::pb;

const CATALOGUE_JSON: &str = include_str!("catalogue.json");

/// Response metadata naming the profile fields the sample recommender received.
pub const PROFILE_SEEN_HEADER: &str = "x-sample-profile-fields";
/// Response metadata: `precise`, `coarse` or `none`.
pub const LOCATION_SEEN_HEADER: &str = "x-sample-location";

#[derive(Debug, Deserialize)]
struct CatalogueItem {
    id: String,
    title: String,
    caption: String,
    hashtags: Vec<String>,
    labels: Vec<CatalogueLabel>,
    creator: CatalogueCreator,
    score: f64,
    signals: std::collections::BTreeMap<String, f64>,
    sponsored: Option<CatalogueSponsor>,
    autoplay: bool,
    kind: String,
    expected_category: Option<String>,
}

#[derive(Debug, Deserialize)]
struct CatalogueLabel {
    category: String,
    confidence: f32,
    source: String,
}

#[derive(Debug, Deserialize)]
struct CatalogueCreator {
    id: String,
    name: String,
    verified: bool,
}

#[derive(Debug, Deserialize)]
struct CatalogueSponsor {
    advertiser: String,
    targeting: String,
    segments: Vec<String>,
}

/// One catalogue entry with the ground truth the demo and tests compare against.
#[derive(Debug, Clone)]
pub struct SampleItem {
    pub item: pb::FeedItem,
    /// benign, harmful_labelled, harmful_unlabelled, sensitive, help or collision.
    pub kind: String,
    pub expected_category: Option<String>,
}

/// The catalogue, parsed.
pub fn catalogue() -> Vec<SampleItem> {
    // The catalogue is embedded and checked by a unit test; a parse failure is a build defect.
    #[allow(clippy::expect_used)]
    let raw: Vec<CatalogueItem> =
        serde_json::from_str(CATALOGUE_JSON).expect("embedded catalogue is valid JSON");
    raw.into_iter()
        .map(|c| SampleItem {
            item: pb::FeedItem {
                item_id: c.id,
                title: c.title,
                caption: c.caption,
                hashtags: c.hashtags,
                labels: c
                    .labels
                    .into_iter()
                    .map(|l| pb::ContentLabel {
                        category: l.category,
                        confidence: l.confidence,
                        source: l.source,
                    })
                    .collect(),
                creator: Some(pb::Creator {
                    creator_id: c.creator.id,
                    display_name: c.creator.name,
                    verified: c.creator.verified,
                }),
                score: c.score,
                ranking_signals: c
                    .signals
                    .into_iter()
                    .map(|(name, value)| pb::RankingSignal { name, value })
                    .collect(),
                sponsored: c.sponsored.map(|s| pb::Sponsorship {
                    advertiser: s.advertiser,
                    targeting: match s.targeting.as_str() {
                        "contextual" => pb::TargetingBasis::Contextual,
                        "behavioural" => pb::TargetingBasis::Behavioural,
                        "demographic" => pb::TargetingBasis::Demographic,
                        "lookalike" => pb::TargetingBasis::Lookalike,
                        _ => pb::TargetingBasis::Unspecified,
                    } as i32,
                    segments: s.segments,
                }),
                autoplay: c.autoplay,
                media_url: String::new(),
            },
            kind: c.kind,
            expected_category: c.expected_category,
        })
        .collect()
}

/// The sample recommender service.
#[derive(Debug, Clone)]
pub struct SampleRecommender {
    items: Arc<Vec<pb::FeedItem>>,
}

impl Default for SampleRecommender {
    fn default() -> Self {
        Self {
            items: Arc::new(catalogue().into_iter().map(|s| s.item).collect()),
        }
    }
}

const DEFAULT_PAGE: usize = 20;
/// Items in the embedded catalogue.
pub const CATALOGUE_LEN: usize = 300;
/// A page can be the whole catalogue (the load run asks for up to 300 items).
const MAX_PAGE: usize = CATALOGUE_LEN;

fn profile_seen(req: &pb::FeedRequest) -> String {
    let Some(p) = &req.profile else {
        return "none".into();
    };
    let mut seen = Vec::new();
    let fields: [(&str, bool); 9] = [
        ("watch_history", !p.watch_history.is_empty()),
        ("search_queries", !p.search_queries.is_empty()),
        ("engaged_item_ids", !p.engaged_item_ids.is_empty()),
        ("inferred_interests", !p.inferred_interests.is_empty()),
        ("embedding", !p.embedding.is_empty()),
        ("ad_segments", !p.ad_segments.is_empty()),
        ("social_graph", p.social_graph.is_some()),
        ("explicit_interests", !p.explicit_interests.is_empty()),
        ("followed_creator_ids", !p.followed_creator_ids.is_empty()),
    ];
    for (name, here) in fields {
        if here {
            seen.push(name);
        }
    }
    if seen.is_empty() {
        "none".into()
    } else {
        seen.join(",")
    }
}

fn location_seen(req: &pb::FeedRequest) -> &'static str {
    match &req.location {
        Some(l) => match &l.precise {
            Some(p) if p.accuracy_m < 1000.0 => "precise",
            Some(_) => "coarse",
            None if !l.region.is_empty() => "region",
            None => "none",
        },
        None => "none",
    }
}

impl SampleRecommender {
    fn page(&self, req: &pb::FeedRequest) -> (usize, usize) {
        let paging = req.paging.clone().unwrap_or_default();
        let offset = paging
            .page_token
            .parse::<usize>()
            .unwrap_or(0)
            .min(self.items.len());
        let size = match paging.page_size as usize {
            0 => DEFAULT_PAGE,
            n => n.min(MAX_PAGE),
        };
        (offset, (offset + size).min(self.items.len()))
    }

    fn with_seen<T>(req: &pb::FeedRequest, body: T) -> Response<T> {
        let mut resp = Response::new(body);
        let md = resp.metadata_mut();
        if let Ok(v) = profile_seen(req).parse() {
            md.insert(PROFILE_SEEN_HEADER, v);
        }
        if let Ok(v) = location_seen(req).parse() {
            md.insert(LOCATION_SEEN_HEADER, v);
        }
        resp
    }
}

fn nudges() -> Vec<pb::Nudge> {
    vec![
        pb::Nudge {
            kind: pb::NudgeKind::Streak as i32,
            text: "Keep your 12-day streak going!".into(),
        },
        pb::Nudge {
            kind: pb::NudgeKind::Notification as i32,
            text: "3 new videos from creators you watched".into(),
        },
    ]
}

#[tonic::async_trait]
impl pb::recommender_server::Recommender for SampleRecommender {
    async fn get_feed(
        &self,
        request: Request<pb::FeedRequest>,
    ) -> Result<Response<pb::FeedResponse>, Status> {
        let req = request.into_inner();
        let (from, to) = self.page(&req);
        let resp = pb::FeedResponse {
            items: self.items[from..to].to_vec(),
            next_page_token: if to < self.items.len() {
                to.to_string()
            } else {
                String::new()
            },
            autoplay_next: true,
            nudges: nudges(),
            notices: Vec::new(),
            decision: None,
        };
        Ok(Self::with_seen(&req, resp))
    }

    type StreamFeedStream =
        Pin<Box<dyn Stream<Item = Result<pb::StreamFeedResponse, Status>> + Send + 'static>>;

    async fn stream_feed(
        &self,
        request: Request<pb::FeedRequest>,
    ) -> Result<Response<Self::StreamFeedStream>, Status> {
        let req = request.into_inner();
        let (from, to) = self.page(&req);
        let mut msgs: Vec<Result<pb::StreamFeedResponse, Status>> = self.items[from..to]
            .iter()
            .map(|item| {
                Ok(pb::StreamFeedResponse {
                    item: Some(item.clone()),
                    ..Default::default()
                })
            })
            .collect();
        if let Some(Ok(first)) = msgs.first_mut() {
            first.nudges = nudges();
        }
        Ok(Self::with_seen(&req, Box::pin(tokio_stream::iter(msgs))))
    }
}

/// The sample feedback service: accepts feedback, rejects a report without an item id.
#[derive(Debug, Clone, Default)]
pub struct SampleFeedback;

#[tonic::async_trait]
impl pb::feedback_server::Feedback for SampleFeedback {
    async fn submit_feedback(
        &self,
        request: Request<pb::FeedbackRequest>,
    ) -> Result<Response<pb::FeedbackResponse>, Status> {
        let echo = request.metadata().get("x-request-tag").cloned();
        let req = request.into_inner();
        if req.item_id.is_empty() {
            return Err(Status::invalid_argument("feedback needs an item_id"));
        }
        let mut resp = Response::new(pb::FeedbackResponse { accepted: true });
        if let Some(tag) = echo {
            resp.metadata_mut().insert("x-request-tag", tag);
        }
        Ok(resp)
    }
}

/// Serves the sample recommender (and feedback service) on `listener` until `shutdown`.
pub async fn serve(
    listener: tokio::net::TcpListener,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> Result<(), tonic::transport::Error> {
    use tokio_stream::StreamExt;
    // Without TCP_NODELAY a response written in two segments waits for the client's delayed
    // ACK: 40 ms a call on Linux, which the load run would measure as the recommender's.
    let incoming = tokio_stream::wrappers::TcpListenerStream::new(listener).map(|s| {
        if let Ok(s) = &s {
            let _ = s.set_nodelay(true);
        }
        s
    });
    tonic::transport::Server::builder()
        .add_service(pb::recommender_server::RecommenderServer::new(
            SampleRecommender::default(),
        ))
        .add_service(pb::feedback_server::FeedbackServer::new(SampleFeedback))
        .serve_with_incoming_shutdown(incoming, shutdown)
        .await
}

#[cfg(test)]
mod tests {
    #[test]
    fn catalogue_has_its_advertised_length() {
        assert_eq!(super::catalogue().len(), super::CATALOGUE_LEN);
    }

    #[test]
    fn catalogue_parses_with_unique_ids() {
        let c = super::catalogue();
        assert_eq!(c.len(), 300);
        let mut ids: Vec<_> = c.iter().map(|s| s.item.item_id.clone()).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 300);
    }
}
