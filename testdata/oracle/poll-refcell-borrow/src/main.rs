use std::cell::RefCell;
use std::collections::BTreeMap;

use tokio::sync::mpsc;

struct Poll {
    question: &'static str,
    votes: RefCell<BTreeMap<&'static str, u32>>,
}

async fn close_poll(poll: Poll, ballots: Vec<&'static str>, results: mpsc::Sender<String>) -> u32 {
    for choice in ballots {
        *poll.votes.borrow_mut().entry(choice).or_insert(0) += 1;
    }
    let votes = poll.votes.borrow();
    let mut lines = Vec::new();
    for (choice, n) in votes.iter() {
        lines.push(format!("  {choice}: {n}"));
    }
    let cast = votes.values().sum::<u32>();
    results.send(format!("{}\n{}", poll.question, lines.join("\n"))).await.unwrap();
    cast
}

#[tokio::main]
async fn main() {
    let (tx, mut rx) = mpsc::channel(4);
    let poll = Poll { question: "Which runtime?", votes: RefCell::new(BTreeMap::new()) };
    let ballots = vec!["tokio", "smol", "tokio", "async-std", "tokio"];
    let cast = tokio::spawn(close_poll(poll, ballots, tx)).await.unwrap();
    println!("{}", rx.recv().await.unwrap());
    println!("{cast} ballots");
}
