async def preprocess_reviews():
  ...

def convert_input_to_dataset(self, review_sens, pad_token_label_id):
        
    preprocessed_reviews = asyncio.run(preprocess_reviews(review_sens, self.spacing))
    ...
