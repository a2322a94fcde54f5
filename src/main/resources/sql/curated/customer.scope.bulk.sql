-- The e-mails of a first load (the bulk path): every trusted customer, as curated customers are
-- trusted ones. customer.scope.sql would find no other, after reading every landing reading.
select email from trusted_customer_now
